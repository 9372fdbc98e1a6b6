#!/usr/bin/env python3
"""gen_contacts.py N FILE [ENCODING] - write N contact rows as a spreadsheet would.

Chinese headers (姓名,手机,公司,职位,邮箱,地址,备注), CRLF line ends, quotes only
where a field needs them, in UTF-8 (default) or GB18030. Phones and emails
are unique; names repeat across companies as real ones do. Deterministic.
"""
import random
import sys

n = int(sys.argv[1])
path = sys.argv[2]
enc = sys.argv[3] if len(sys.argv) > 3 else "utf-8"
rng = random.Random(15)
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣佳颖晨"
cities = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "苏州"]
trades = ["科技", "物流", "贸易", "制造", "医药", "金融", "教育", "建材", "食品", "软件"]
brands = "华信东方前海金桥远大新世纪恒通瑞丰嘉和宏达天成鼎盛"
titles = ["销售总监", "采购经理", "工程师", "财务总监", "总经理", "行政主管", "项目经理"]
companies = []
for i in range(max(1, n // 20)):
    c = rng.choice(cities)
    companies.append(f"{c}{brands[rng.randrange(len(brands) - 1)]}{brands[rng.randrange(len(brands) - 1)]}{rng.choice(trades)}有限公司{i}")
out = open(path, "w", encoding=enc, newline="")
out.write("姓名,手机,公司,职位,邮箱,地址,备注\r\n")
base = 13000000000
for i in range(n):
    name = rng.choice(surnames) + rng.choice(given) + (rng.choice(given) if rng.random() < 0.7 else "")
    mobile = base + i * 7 + rng.randrange(7)
    company = companies[rng.randrange(len(companies))]
    email = f"u{i}@example.com"
    addr = f"{rng.choice(cities)}市建国路{rng.randrange(1, 999)}号"
    note = "老客户, 每月回访" if rng.random() < 0.1 else ""
    if "," in note:
        note = '"' + note + '"'
    out.write(f"{name},{mobile},{company},{rng.choice(titles)},{email},{addr},{note}\r\n")
out.close()
