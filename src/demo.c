/* demo.c - deterministic demo data: a sales team, its customers and a year of selling.
 *
 * Every choice comes from two splitmix64 streams derived from the seed: record
 * ids from gen_id(), everything else from gen_rand(). Dates are counted from
 * clock_now() in Asia/Shanghai (UTC+8, whatever TZ says), so the same seed, size
 * and "now" give the same rows byte for byte, and the data is always current.
 *
 * Speed matters (a million contacts is a supported size: 3.2M records, the
 * target is 100,000 records/s), so rows go straight into the tables with
 * prepared statements, not through the record layer, with the text of each row
 * built in stack buffers. The FTS text is exactly what search_index() would
 * write for the same record (see fts_add()); tests/unit/test_demo.c checks that.
 * What made the difference (tests/bench/run.sh; 1M contacts unless said); all
 * but the ids are now the bulk-load engine of src/bulk.c, which import uses too:
 *   - one transaction for everything, so the secondary indexes of the tables
 *     written can be dropped first and rebuilt from sqlite_master's text at the
 *     end (sorting beats 3-4 random index inserts per row; keeping even the
 *     indexes that only ever append, seq and the references, measured slower),
 *     and so a failure leaves the database exactly as it was (doc/DESIGN.md
 *     principle 6);
 *   - a rollback journal instead of WAL for that transaction when this is the
 *     only connection: the database is new, so the journal stays tiny, while
 *     WAL would write every page twice (synchronous stays FULL);
 *   - ids that ascend within each table (gen_id(): version-4 UUIDs whose first
 *     60 bits grow by random steps), so the UNIQUE id indexes only append
 *     instead of splitting pages all over: 51 s -> 43 s. They replaced sorted
 *     pools of 64k random ids, which were random again past 64k rows;
 *   - FTS5 merging off while loading, one 'optimize' at the end, and 4 MiB of
 *     pending FTS data per segment instead of 1 MiB: fewer segments to merge
 *     (contact_fts alone: 11.3 s -> 9.5 s; 16 MiB and up is slower again, the
 *     bigger hash table misses the CPU caches);
 *   - the FTS5 indexes built by a second thread (src/bulk.c),
 *     more than half of the work at 1M contacts: 41 s -> 24 s with two CPUs.
 *     It needs SQLite's memory statistics off (db.c), or both threads queue on
 *     SQLite's global allocation mutex and two threads are slower than one;
 *   - a larger page cache while writing (256 MiB). More (1-2 GiB) gained
 *     nothing while writing and made the commit slower: all of it is written
 *     and synced at once instead of in the background;
 *   - the indexes rebuilt at the end with the sorter's helper threads and a
 *     16 MiB cache (sorted runs): the end of the load, after the FTS worker
 *     is done, was on one CPU. perf at 1M: this thread -16%, the process's
 *     CPU time +3%.
 *   - 16 KiB pages for the new file (src/bulk.c, BULK_NEW_FILE): once the
 *     load rebuilt 62 indexes by reading some 10 GB, a quarter of the system
 *     calls paid for the searches being 25-35% slower on the demo's file
 *     (about 4 ms at 1M): 113 -> 95 s of CPU at 1M. When the demo wrote
 *     3.2M records and rebuilt a handful of indexes, it measured nothing.
 * Tried and left out: synchronous=OFF (0.4 s at 1M, not worth a file that a
 * power cut can break); mmap, a big page cache or the sorter's files on
 * tmpfs for the rebuild, and keeping the indexes that only append (seq, id,
 * deal of a stage change) during the load (all measured: more CPU or none
 * saved).
 * Triggers on these tables would write the FTS rows a second time; the schema
 * has none on purpose (doc/DESIGN.md section 9).
 *
 * Order of generation: the team, campaigns, products, open leads, then one
 * account at a time with its contacts, its deals (stage history, sign-offs,
 * converted leads) and the activities and follow-up logs of its contacts,
 * then the past purchases of the customers drifting away (report churn): a
 * third of the A and B accounts older than 500 days, chosen from a stream
 * of their own, bought every two or three months the year before (long
 * silences come as they are: accounts whose contacts nobody logged for
 * months). Those purchases are written last, from streams of their own, so
 * every other record is as it was; and after them, the same way, the
 * purchases of the long-standing customers' first years (report clv), more
 * than two years back, before the windows report churn compares. Last, the
 * same way, the nurturing leads' cadence (report nurture, gen_nurture()): each
 * has its next touch planned a cadence after its last one, most of them
 * touched again within their cadence, a quarter of those that fell due not.
 */
#include "demo.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bulk.h"
#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "opportunity.h"
#include "report/forecast.h"
#include "report/snapshot.h"
#include "report/span.h"
#include "strbuf.h"
#include "utf8.h"
#include "validate.h"
#include "xalloc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define DAY 86400
#define SHANGHAI (8 * 3600)   /* the demo team works in UTC+8 */
#define MAX_ACTIVITIES 300000 /* activities and logs are capped so 1M contacts stays fast */
#define MAX_FOLLOWUPS 200000
#define PER_CONTACT_MAX 12 /* activities or logs of one contact */
#define LOYAL_BEFORE 730   /* long-standing customers' first purchases: days before today */

/* ---------------------------------------------------------------- word lists */

/* clang-format off */

struct surname {
	const char *zh, *py;
	int weight; /* per 10,000 people, roughly (census frequency) */
};

static const struct surname surnames[] = {
	{ "王", "wang", 712 }, { "李", "li", 700 }, { "张", "zhang", 674 },
	{ "刘", "liu", 510 }, { "陈", "chen", 461 }, { "杨", "yang", 322 },
	{ "黄", "huang", 245 }, { "赵", "zhao", 229 }, { "吴", "wu", 205 },
	{ "周", "zhou", 201 }, { "徐", "xu", 167 }, { "孙", "sun", 154 },
	{ "马", "ma", 144 }, { "朱", "zhu", 126 }, { "胡", "hu", 123 },
	{ "郭", "guo", 117 }, { "何", "he", 116 }, { "林", "lin", 113 },
	{ "高", "gao", 109 }, { "罗", "luo", 108 }, { "郑", "zheng", 94 },
	{ "梁", "liang", 87 }, { "谢", "xie", 83 }, { "宋", "song", 78 },
	{ "唐", "tang", 77 }, { "许", "xu", 74 }, { "韩", "han", 73 },
	{ "冯", "feng", 71 }, { "邓", "deng", 70 }, { "曹", "cao", 69 },
	{ "彭", "peng", 68 }, { "曾", "zeng", 67 }, { "肖", "xiao", 66 },
	{ "田", "tian", 65 }, { "董", "dong", 64 }, { "袁", "yuan", 63 },
	{ "潘", "pan", 62 }, { "于", "yu", 61 }, { "蒋", "jiang", 60 },
	{ "蔡", "cai", 59 }, { "余", "yu", 58 }, { "杜", "du", 57 },
	{ "叶", "ye", 56 }, { "程", "cheng", 55 }, { "苏", "su", 54 },
	{ "魏", "wei", 53 }, { "吕", "lv", 52 }, { "丁", "ding", 51 },
	{ "任", "ren", 50 }, { "沈", "shen", 49 }, { "姚", "yao", 48 },
	{ "卢", "lu", 47 }, { "姜", "jiang", 46 }, { "崔", "cui", 45 },
	{ "钟", "zhong", 44 }, { "谭", "tan", 43 }, { "陆", "lu", 42 },
	{ "汪", "wang", 41 }, { "范", "fan", 40 }, { "金", "jin", 39 },
	{ "石", "shi", 38 }, { "廖", "liao", 37 }, { "贾", "jia", 36 },
	{ "夏", "xia", 35 }, { "韦", "wei", 34 }, { "付", "fu", 33 },
	{ "方", "fang", 32 }, { "白", "bai", 31 }, { "邹", "zou", 30 },
	{ "孟", "meng", 29 }, { "熊", "xiong", 28 }, { "秦", "qin", 27 },
	{ "邱", "qiu", 26 }, { "江", "jiang", 25 }, { "尹", "yin", 24 },
	{ "薛", "xue", 23 }, { "闫", "yan", 22 }, { "段", "duan", 21 },
	{ "雷", "lei", 20 }, { "侯", "hou", 19 }, { "龙", "long", 18 },
	{ "史", "shi", 17 }, { "陶", "tao", 16 }, { "黎", "li", 15 },
	{ "贺", "he", 14 }, { "顾", "gu", 13 }, { "毛", "mao", 12 },
	{ "郝", "hao", 11 }, { "龚", "gong", 10 }, { "邵", "shao", 10 },
	{ "万", "wan", 10 }, { "钱", "qian", 10 }, { "严", "yan", 10 },
	{ "覃", "qin", 9 }, { "武", "wu", 9 }, { "戴", "dai", 9 },
	{ "莫", "mo", 9 }, { "孔", "kong", 9 }, { "向", "xiang", 9 },
	{ "汤", "tang", 9 }, { "欧阳", "ouyang", 3 }, { "司马", "sima", 1 },
};

struct hanzi {
	const char *zh, *py;
};

static const struct hanzi given_chars[] = {
	{ "伟", "wei" }, { "芳", "fang" }, { "娜", "na" }, { "敏", "min" },
	{ "静", "jing" }, { "丽", "li" }, { "强", "qiang" }, { "磊", "lei" },
	{ "军", "jun" }, { "洋", "yang" }, { "勇", "yong" }, { "艳", "yan" },
	{ "杰", "jie" }, { "娟", "juan" }, { "涛", "tao" }, { "明", "ming" },
	{ "超", "chao" }, { "秀", "xiu" }, { "霞", "xia" }, { "平", "ping" },
	{ "刚", "gang" }, { "英", "ying" }, { "华", "hua" }, { "鹏", "peng" },
	{ "辉", "hui" }, { "玲", "ling" }, { "建", "jian" }, { "国", "guo" },
	{ "文", "wen" }, { "斌", "bin" }, { "宇", "yu" }, { "浩", "hao" },
	{ "凯", "kai" }, { "婷", "ting" }, { "欣", "xin" }, { "雪", "xue" },
	{ "梅", "mei" }, { "琳", "lin" }, { "晨", "chen" }, { "博", "bo" },
	{ "佳", "jia" }, { "嘉", "jia" }, { "子", "zi" }, { "怡", "yi" },
	{ "萱", "xuan" }, { "思", "si" }, { "雨", "yu" }, { "轩", "xuan" },
	{ "涵", "han" }, { "睿", "rui" }, { "俊", "jun" }, { "晓", "xiao" },
	{ "海", "hai" }, { "波", "bo" }, { "峰", "feng" }, { "志", "zhi" },
	{ "红", "hong" }, { "兰", "lan" }, { "慧", "hui" }, { "颖", "ying" },
	{ "倩", "qian" }, { "琪", "qi" }, { "瑶", "yao" }, { "宁", "ning" },
	{ "飞", "fei" }, { "鑫", "xin" }, { "亮", "liang" }, { "成", "cheng" },
	{ "云", "yun" }, { "天", "tian" }, { "一", "yi" }, { "新", "xin" },
	{ "东", "dong" }, { "春", "chun" }, { "永", "yong" }, { "德", "de" },
	{ "立", "li" }, { "健", "jian" }, { "帅", "shuai" }, { "松", "song" },
	{ "莉", "li" }, { "燕", "yan" }, { "丹", "dan" }, { "蕾", "lei" },
	{ "彬", "bin" }, { "悦", "yue" }, { "然", "ran" }, { "泽", "ze" },
};

static const char *const first_names[] = {
	"James", "John", "Robert", "Michael", "David", "William", "Richard", "Thomas",
	"Daniel", "Matthew", "Mark", "Paul", "Steven", "Andrew", "Kevin", "Brian",
	"George", "Edward", "Peter", "Eric", "Mary", "Patricia", "Jennifer", "Linda",
	"Elizabeth", "Susan", "Jessica", "Sarah", "Karen", "Lisa", "Nancy", "Emily",
	"Emma", "Olivia", "Sophia", "Grace", "Anna", "Laura", "Rachel", "Hannah",
	"Chloe", "Alice", "Helen", "Amy", "Kate", "Lucy", "Tom", "Jack",
	"Oliver", "Henry", "Lucas", "Ethan", "Ryan", "Jason", "Tony", "Vincent",
	"Frank", "Alex", "Sam", "Victor",
};

static const char *const last_names[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
	"Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
	"Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
	"Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter",
	"Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
	"Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper",
	"Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox",
	"Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Foster",
	"Chen", "Wong", "Tan", "Lee", "Lim", "Ng",
};

enum { TERR_EAST, TERR_SOUTH, TERR_NORTH, TERR_CENTRAL, TERR_WEST, TERR_OVERSEAS, TERR_COUNT };

static const char *const territories[TERR_COUNT] = {
	"华东", "华南", "华北", "华中", "西部", "海外",
};

/* The territory of the i-th rep: the big regions get the most reps. */
static const int rep_territory[16] = {
	TERR_EAST, TERR_SOUTH,	 TERR_NORTH, TERR_EAST,	 TERR_WEST,  TERR_SOUTH,
	TERR_CENTRAL, TERR_OVERSEAS, TERR_EAST, TERR_NORTH, TERR_SOUTH, TERR_WEST,
	TERR_EAST, TERR_CENTRAL, TERR_NORTH, TERR_OVERSEAS,
};

/* Phone templates: 'x' is any digit, 'X' a digit from 2 to 9. */
struct city {
	const char *name; /* Chinese name, or English for overseas */
	int territory;
	const char *phone;
	const char *mobile; /* NULL: a Chinese mobile number */
};

static const struct city cities[] = {
	{ "上海", TERR_EAST, "+86 21 Xxxx xxxx", NULL },
	{ "杭州", TERR_EAST, "+86 571 Xxxx xxxx", NULL },
	{ "南京", TERR_EAST, "+86 25 Xxxx xxxx", NULL },
	{ "苏州", TERR_EAST, "+86 512 Xxxx xxxx", NULL },
	{ "宁波", TERR_EAST, "+86 574 Xxxx xxxx", NULL },
	{ "合肥", TERR_EAST, "+86 551 Xxxx xxxx", NULL },
	{ "无锡", TERR_EAST, "+86 510 Xxxx xxxx", NULL },
	{ "济南", TERR_EAST, "+86 531 Xxxx xxxx", NULL },
	{ "青岛", TERR_EAST, "+86 532 Xxxx xxxx", NULL },
	{ "广州", TERR_SOUTH, "+86 20 Xxxx xxxx", NULL },
	{ "深圳", TERR_SOUTH, "+86 755 Xxxx xxxx", NULL },
	{ "东莞", TERR_SOUTH, "+86 769 Xxxx xxxx", NULL },
	{ "佛山", TERR_SOUTH, "+86 757 Xxxx xxxx", NULL },
	{ "厦门", TERR_SOUTH, "+86 592 Xxxx xxxx", NULL },
	{ "福州", TERR_SOUTH, "+86 591 Xxxx xxxx", NULL },
	{ "北京", TERR_NORTH, "+86 10 Xxxx xxxx", NULL },
	{ "天津", TERR_NORTH, "+86 22 Xxxx xxxx", NULL },
	{ "石家庄", TERR_NORTH, "+86 311 Xxxx xxxx", NULL },
	{ "太原", TERR_NORTH, "+86 351 Xxxx xxxx", NULL },
	{ "沈阳", TERR_NORTH, "+86 24 Xxxx xxxx", NULL },
	{ "大连", TERR_NORTH, "+86 411 Xxxx xxxx", NULL },
	{ "武汉", TERR_CENTRAL, "+86 27 Xxxx xxxx", NULL },
	{ "长沙", TERR_CENTRAL, "+86 731 Xxxx xxxx", NULL },
	{ "郑州", TERR_CENTRAL, "+86 371 Xxxx xxxx", NULL },
	{ "南昌", TERR_CENTRAL, "+86 791 Xxxx xxxx", NULL },
	{ "成都", TERR_WEST, "+86 28 Xxxx xxxx", NULL },
	{ "重庆", TERR_WEST, "+86 23 Xxxx xxxx", NULL },
	{ "西安", TERR_WEST, "+86 29 Xxxx xxxx", NULL },
	{ "昆明", TERR_WEST, "+86 871 Xxxx xxxx", NULL },
	{ "贵阳", TERR_WEST, "+86 851 Xxxx xxxx", NULL },
	{ "Singapore", TERR_OVERSEAS, "+65 6xxx xxxx", "+65 9xxx xxxx" },
	{ "Hong Kong", TERR_OVERSEAS, "+852 2xxx xxxx", "+852 9xxx xxxx" },
	{ "London", TERR_OVERSEAS, "+44 20 7xxx xxxx", "+44 7xxx xxxxxx" },
	{ "Frankfurt", TERR_OVERSEAS, "+49 69 Xxxxxxx", "+49 151 xxxxxxxx" },
	{ "San Jose", TERR_OVERSEAS, "+1 408 Xxx xxxx", "+1 408 Xxx xxxx" },
	{ "Tokyo", TERR_OVERSEAS, "+81 3 Xxxx xxxx", "+81 90 xxxx xxxx" },
	{ "Sydney", TERR_OVERSEAS, "+61 2 Xxxx xxxx", "+61 4xx xxx xxx" },
};

static const char *const mobile_prefixes[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
	"152", "155", "156", "157", "158", "159", "177", "180", "186", "187", "188", "189",
};

static const char *const zones[] = {
	"高新区", "经济开发区", "工业园区", "科技园", "新区", "中心区", "滨江区", "软件园",
};

static const char *const roads[] = {
	"人民路", "中山路", "解放路", "建设路", "科技路", "长江路", "黄河路", "和平路",
	"新华路", "文化路", "高新大道", "创业路", "滨江大道", "学院路", "金融街", "湖滨路",
};

static const char *const streets[] = {
	"Harbour Road", "Orchard Road", "King Street", "Market Street", "Park Avenue",
	"Queen's Road", "Bridge Street", "Station Road", "Hill Street", "Church Lane",
};

static const struct hanzi brands[] = {
	{ "华信", "huaxin" }, { "恒达", "hengda" }, { "鼎盛", "dingsheng" },
	{ "宏远", "hongyuan" }, { "瑞丰", "ruifeng" }, { "天成", "tiancheng" },
	{ "金诚", "jincheng" }, { "新源", "xinyuan" }, { "博远", "boyuan" },
	{ "汇通", "huitong" }, { "东方", "dongfang" }, { "星辰", "xingchen" },
	{ "凯越", "kaiyue" }, { "德胜", "desheng" }, { "永泰", "yongtai" },
	{ "嘉禾", "jiahe" }, { "通达", "tongda" }, { "华瑞", "huarui" },
	{ "海纳", "haina" }, { "万合", "wanhe" }, { "正阳", "zhengyang" },
	{ "明德", "mingde" }, { "启航", "qihang" }, { "众合", "zhonghe" },
	{ "联创", "lianchuang" }, { "锦程", "jincheng" }, { "盛世", "shengshi" },
	{ "飞扬", "feiyang" }, { "兴业", "xingye" }, { "光明", "guangming" },
	{ "中联", "zhonglian" }, { "宇通", "yutong" }, { "力拓", "lituo" },
	{ "远航", "yuanhang" }, { "安泰", "antai" }, { "新锐", "xinrui" },
	{ "卓越", "zhuoyue" }, { "诚信", "chengxin" }, { "广达", "guangda" },
	{ "先锋", "xianfeng" }, { "华夏", "huaxia" }, { "九州", "jiuzhou" },
	{ "山河", "shanhe" }, { "云帆", "yunfan" }, { "智联", "zhilian" },
	{ "睿达", "ruida" }, { "恒信", "hengxin" }, { "百川", "baichuan" },
	{ "润泽", "runze" }, { "同创", "tongchuang" }, { "银河", "yinhe" },
	{ "北辰", "beichen" }, { "南洋", "nanyang" }, { "天元", "tianyuan" },
	{ "和信", "hexin" }, { "瑞康", "ruikang" }, { "长青", "changqing" },
	{ "鸿运", "hongyun" }, { "金桥", "jinqiao" }, { "蓝海", "lanhai" },
};

static const char *const en_brands[] = {
	"Acme", "Northwind", "Bluewave", "Redwood", "Silverline", "Brightpath", "Evergreen",
	"Pinnacle", "Summit", "Harbor", "Crestview", "Ironbridge", "Maple", "Oakridge",
	"Pioneer", "Sterling", "Horizon", "Keystone", "Lakeside", "Meridian", "Northstar",
	"Orchid", "Quantum", "Riverside", "Sapphire", "Trident", "Vertex", "Westfield",
	"Zenith", "Apex", "Cobalt", "Falcon",
};

static const char *const en_suffixes[] = {
	"Ltd", "Inc.", "Co., Ltd.", "Pte. Ltd.", "GmbH", "LLC", "Group", "Ltd",
};

struct industry {
	const char *name;
	struct hanzi words[3]; /* Chinese company-name words, with a domain word */
	const char *en[3];     /* English company-name words */
};

static const struct industry industries[] = {
	{ "信息技术", { { "科技", "tech" }, { "信息技术", "it" }, { "软件", "soft" } },
	  { "Technologies", "Software", "Systems" } },
	{ "制造业", { { "制造", "mfg" }, { "机械", "machinery" }, { "精密", "precision" } },
	  { "Manufacturing", "Industries", "Precision" } },
	{ "贸易", { { "贸易", "trading" }, { "进出口", "trade" }, { "商贸", "commerce" } },
	  { "Trading", "Imports", "Commerce" } },
	{ "咨询服务",
	  { { "咨询", "consulting" }, { "管理咨询", "advisory" }, { "咨询", "consult" } },
	  { "Consulting", "Advisory", "Partners" } },
	{ "物流", { { "物流", "logistics" }, { "供应链", "supplychain" }, { "运输", "transport" } },
	  { "Logistics", "Freight", "Shipping" } },
	{ "零售", { { "商业", "retail" }, { "百货", "store" }, { "连锁", "chain" } },
	  { "Retail", "Stores", "Markets" } },
	{ "医疗健康", { { "医疗器械", "medical" }, { "医药", "pharma" }, { "健康", "health" } },
	  { "Medical", "Health", "Pharma" } },
	{ "金融", { { "投资", "invest" }, { "资产管理", "capital" }, { "融资租赁", "leasing" } },
	  { "Capital", "Financial", "Investments" } },
	{ "能源", { { "能源", "energy" }, { "新能源", "newenergy" }, { "电力", "power" } },
	  { "Energy", "Power", "Solar" } },
	{ "汽车",
	  { { "汽车配件", "autoparts" }, { "汽车", "auto" }, { "汽车服务", "autoservice" } },
	  { "Automotive", "Motors", "Mobility" } },
	{ "教育", { { "教育科技", "edu" }, { "培训", "training" }, { "教育", "education" } },
	  { "Learning", "Education", "Academy" } },
	{ "建筑", { { "建设", "construction" }, { "建筑工程", "build" }, { "装饰", "decor" } },
	  { "Construction", "Builders", "Engineering" } },
	{ "食品饮料", { { "食品", "food" }, { "饮料", "beverage" }, { "餐饮管理", "catering" } },
	  { "Foods", "Beverages", "Kitchens" } },
};

static const char *const zh_suffixes[] = {
	"有限公司", "有限公司", "有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司",
	"股份有限公司", "集团有限公司",
};

static const char *const zh_titles[] = {
	"总经理", "副总经理", "采购经理", "采购主管", "技术总监", "IT 经理", "财务总监",
	"运营经理", "销售总监", "市场经理", "工程师", "项目经理", "行政主管", "董事长",
	"信息中心主任", "供应链经理",
};

static const char *const en_titles[] = {
	"CEO", "CFO", "CTO", "VP Sales",
	"Purchasing Manager", "IT Director", "Operations Manager", "Project Manager",
	"Engineer", "Office Manager", "Head of Procurement", "Finance Manager",
};

static const char *const account_tags[] = {
	"重点客户", "战略合作", "新客户", "续约", "招标", "渠道", "vip", "partner", "key-account",
};

static const char *const contact_tags[] = {
	"决策人", "技术", "采购", "财务", "关键人", "decision-maker", "influencer", "champion",
};

static const char *const zh_account_notes[] = {
	"年度框架协议客户，每年三月续约。",
	"集团总部统一采购，分公司自行实施。",
	"对数据安全要求高，需要本地部署。",
	"老客户推荐而来，合作关系良好。",
	"付款周期较长，注意账期风险。",
	"正在评估多家供应商，价格敏感。",
};

static const char *const en_account_notes[] = {
	"Annual framework agreement, renews every March.",
	"Head office buys centrally; subsidiaries implement on their own.",
	"Strict data-security requirements; on-premises only.",
	"Referred by an existing customer; good relationship.",
	"Slow payer: watch the credit terms.",
};

static const char *const zh_contact_notes[] = {
	"喜欢上午沟通，周五下午不方便。",
	"负责年度采购预算审批。",
	"技术背景，关注系统集成和数据安全。",
	"微信回复很快，电话常在会议中。",
	"新上任，需要重新建立关系。",
	"对我们的售后服务评价很高。",
};

static const char *const en_contact_notes[] = {
	"Prefers email; travels a lot.",
	"Signs off the annual IT budget.",
	"Technical background, cares about integration.",
	"New in the role; relationship to be built.",
	"Very happy with our support team.",
};

enum { CH_PHONE, CH_MOBILE, CH_EMAIL, CH_WECHAT, CH_SMS, CH_VISIT };
static const char *const contact_channels[] = { "phone", "mobile", "email",
						 "wechat", "sms", "visit" };
static const int zh_channel_weights[] = { 10, 25, 15, 44, 2, 4 };
static const int en_channel_weights[] = { 20, 15, 55, 0, 2, 8 };

/* Lead sources (the campaign channel enumeration too). */
static const char *const sources[] = { "web", "referral", "event", "call", "email",
				       "social", "partner", "ads", "other" };
static const int source_weights[] = { 25, 15, 12, 10, 8, 10, 8, 10, 2 };

/* How a lead came in, by source (lead.channel; a campaign's lead says
 * "campaign"). */
static const char *const source_channels[] = { "web_form", "referral", "event",
					       "cold_call", "email",	"social",
					       "partner",  "ads",	"other" };

struct campaign_def {
	const char *name;
	int source;	      /* index into sources */
	int days;	      /* how long it runs */
	int cost;	      /* in currency (whole units) */
	const char *currency; /* of the cost */
	int pays; /* % of the won deals drawn for it that keep it (report campaigns
		     shows campaigns that pay and ones that do not) */
};

static const struct campaign_def campaign_defs[] = {
	{ "新品发布会", 2, 2, 260000, "CNY", 100 },
	{ "华东区行业峰会", 2, 3, 180000, "CNY", 100 },
	{ "官网免费试用", 0, 60, 30000, "CNY", 100 },
	{ "百度搜索推广", 7, 45, 150000, "CNY", 15 },
	{ "微信公众号推广", 5, 60, 60000, "CNY", 100 },
	{ "客户转介绍计划", 1, 90, 0, "CNY", 100 }, /* no cost: ROI undefined */
	{ "渠道伙伴大会", 6, 2, 220000, "CNY", 5 },
	{ "线上研讨会：销售数字化转型", 0, 1, 15000, "CNY", 100 },
	{ "EDM 邮件营销", 4, 30, 12000, "CNY", 100 },
	{ "电话外呼活动", 3, 30, 45000, "CNY", 40 },
	{ "Asia Tech Expo Singapore", 2, 3, 45000, "USD", 100 }, /* cost in USD */
	{ "LinkedIn Ads", 7, 60, 90000, "CNY", 0 },
};

struct product_def {
	const char *code, *name;
	int line;
	int price; /* CNY */
};

static const char *const product_lines[] = { "销售云", "ERP", "数据分析", "智能硬件" };

static const struct product_def product_defs[] = {
	{ "SCL-STD", "销售云 标准版（年/用户）", 0, 1980 },
	{ "SCL-PRO", "销售云 专业版（年/用户）", 0, 3980 },
	{ "SCL-ENT", "销售云 旗舰版（年/用户）", 0, 6980 },
	{ "SCL-MOB", "移动销售 App 授权", 0, 980 },
	{ "ERP-FIN", "ERP 财务模块", 1, 88000 },
	{ "ERP-SCM", "ERP 供应链模块", 1, 128000 },
	{ "ERP-MFG", "ERP 生产制造模块", 1, 168000 },
	{ "ERP-IMP", "ERP 实施服务（人天）", 1, 2500 },
	{ "BI-RPT", "BI 报表平台", 2, 58000 },
	{ "BI-DMP", "数据中台", 2, 380000 },
	{ "BI-AIF", "AI 销售预测", 2, 120000 },
	{ "HW-PDA", "手持 PDA 终端", 3, 3200 },
	{ "HW-POS", "门店收银一体机", 3, 6800 },
	{ "HW-RFID", "仓储 RFID 套件", 3, 45000 },
	{ "HW-SRV", "服务器一体机", 3, 260000 },
};

static const char *const zh_projects[][3] = {
	{ "销售云订阅", "销售云续约", "移动销售上线" },
	{ "ERP 升级", "ERP 二期实施", "财务模块替换" },
	{ "BI 平台建设", "数据中台项目", "销售预测试点" },
	{ "门店终端采购", "仓储 RFID 改造", "PDA 更新换代" },
};

static const char *const en_projects[][3] = {
	{ "CRM subscription", "CRM renewal", "Mobile sales rollout" },
	{ "ERP upgrade", "ERP phase 2", "Finance module replacement" },
	{ "BI rollout", "Data platform", "Forecasting pilot" },
	{ "POS refresh", "RFID warehouse", "Handheld upgrade" },
};

/* The default funnel of 0001-schema.sql. */
enum { S_PROSPECTING, S_QUALIFICATION, S_NEEDS, S_PROPOSAL, S_NEGOTIATION, S_WON, S_LOST,
       S_COUNT };

static const char *const stage_ids[S_COUNT] = {
	"5a9e0001-0000-4000-8000-000000000001", "5a9e0002-0000-4000-8000-000000000002",
	"5a9e0003-0000-4000-8000-000000000003", "5a9e0004-0000-4000-8000-000000000004",
	"5a9e0005-0000-4000-8000-000000000005", "5a9e0006-0000-4000-8000-000000000006",
	"5a9e0007-0000-4000-8000-000000000007",
};
static const int stage_weights[S_COUNT] = { 14, 14, 13, 12, 9, 21, 17 };
static const int lost_from_weights[S_NEGOTIATION + 1] = { 30, 25, 20, 15, 10 };

static const char *const zh_next_steps[S_WON][2] = {
	{ "约见关键联系人", "首次电话沟通" },
	{ "需求调研", "确认预算和时间表" },
	{ "安排产品演示", "提交技术方案" },
	{ "发送正式报价", "报价评审会" },
	{ "合同条款谈判", "法务审核合同" },
};

static const char *const en_next_steps[S_WON][2] = {
	{ "Meet the key contact", "First call" },
	{ "Discovery workshop", "Confirm budget and timeline" },
	{ "Schedule a demo", "Send technical proposal" },
	{ "Send formal quote", "Quote review meeting" },
	{ "Negotiate terms", "Legal review of the contract" },
};

static const char *const zh_lost_reasons[] = {
	"价格过高", "选择了竞争对手", "预算取消", "项目延期", "需求不匹配", "决策人变动",
};

static const char *const en_lost_reasons[] = {
	"Price too high", "Lost to a competitor", "Budget cut", "Project postponed",
	"No decision",
};

static const char *const zh_approval_notes[] = {
	"同意进入商务谈判", "折扣在授权范围内，同意", "同意，注意付款条件",
};

static const char *const en_approval_notes[] = {
	"Approved for negotiation", "Discount within guidelines", "OK, watch the payment terms",
};

enum { K_CALL, K_MEETING, K_VISIT, K_TASK, K_EMAIL, K_COUNT };
static const char *const kinds[K_COUNT] = { "call", "meeting", "visit", "task", "email" };
static const int kind_weights[K_COUNT] = { 35, 15, 20, 15, 15 };
static const int kind_minutes[K_COUNT][2] = { { 15, 30 }, { 60, 90 }, { 90, 120 },
					      { 30, 60 }, { 15, 15 } };
/* The follow-up channel of an activity kind (as activity_complete() logs it). */
static const char *const kind_channels[K_COUNT] = { "call", "meeting", "visit", "other",
						     "email" };

enum { A_PLANNED, A_DONE, A_CANCELLED };
static const char *const activity_statuses[] = { "planned", "done", "cancelled" };
static const char *const priorities[] = { "low", "normal", "high" };
static const int priority_weights[] = { 20, 60, 20 };

static const char *const zh_topics[] = {
	"需求确认", "报价跟进", "合同条款", "付款进度", "售后回访", "续约意向", "方案评审",
	"上线计划",
};

static const char *const en_topics[] = {
	"requirements", "pricing", "contract terms", "payment", "support check-in",
	"renewal", "proposal review", "go-live plan",
};

static const char *const zh_tasks[] = {
	"准备报价单", "整理会议纪要", "发送合同草稿", "更新客户资料", "准备演示环境",
};

static const char *const zh_emails[] = {
	"发送产品资料", "邮件确认报价", "发送案例介绍", "发送会议邀请",
};

static const char *const online_rooms[] = { "腾讯会议", "Zoom", "Teams", "飞书会议" };

/* Follow-up log channels; the weights follow the contact's language. */
static const char *const log_channels[] = { "call", "visit", "meeting", "email",
					    "wechat", "sms", "other" };
static const int zh_log_weights[] = { 30, 10, 5, 10, 40, 3, 2 };
static const int en_log_weights[] = { 35, 10, 15, 35, 0, 0, 5 };

/* What a follow-up log says: an outcome and the note behind it. only is the
 * one log channel the entry fits ("call" for no answer), or NULL for any. */
struct log_text {
	const char *outcome, *notes, *only;
};

static const struct log_text zh_logs[] = {
	{ "客户有意向", "客户对销售云专业版感兴趣，希望下周安排演示。", NULL },
	{ "需要再次跟进", "对方采购流程较长，预计下季度立项。", NULL },
	{ "未接通", "电话未接通，已发微信留言。", "call" },
	{ "客户要求降价", "客户反馈价格偏高，需要申请额外折扣。", NULL },
	{ "方案获认可", "技术负责人参加了会议，认可我们的方案。", "meeting" },
	{ "已发送报价", "已发送报价和案例介绍，等待内部评审。", NULL },
	{ "竞争激烈", "客户正在比较两家供应商，价格是关键。", NULL },
	{ "确认上线计划", "确认了上线时间表和实施团队。", NULL },
	{ "确认付款方式", "财务询问了付款方式和发票。", NULL },
	{ "拜访顺利", "拜访顺利，见到了采购负责人。", "visit" },
	{ "同意试点", "客户希望先做小范围试点。", NULL },
	{ "合同审批中", "合同已进入法务审核。", NULL },
	{ "暂无需求", "今年没有预算，明年再联系。", NULL },
};

static const struct log_text en_logs[] = {
	{ "Interested", "Interested in the professional edition; wants a demo next week.", NULL },
	{ "Needs follow-up", "Their buying process is slow; expect a project next quarter.", NULL },
	{ "No answer", "No answer; left a voicemail.", "call" },
	{ "Asked for a discount", "Says the price is high; will ask for an extra discount.", NULL },
	{ "Proposal well received", "Their tech lead joined and liked the proposal.", "meeting" },
	{ "Quote sent", "Sent the quote and two case studies; waiting for their review.", NULL },
	{ "Competitive", "They are comparing two vendors; price decides.", NULL },
	{ "Go-live agreed", "Agreed the go-live timeline and the project team.", NULL },
	{ "Payment terms", "Finance asked about payment terms and invoicing.", NULL },
	{ "Good visit", "Good visit; met the head of purchasing.", "visit" },
	{ "Pilot first", "They want a small pilot first.", NULL },
	{ "No budget", "No budget this year; call again next year.", NULL },
};

/* A second sentence some logs add. */
static const char *const zh_log_extra[] = {
	"下周再电话确认。", "已更新联系人信息。", "需要准备一份案例介绍。", "已同步给售前团队。",
};

static const char *const en_log_extra[] = {
	"Call again next week.", "Updated their contact details.", "Need a case study for them.",
	"Looped in presales.",
};

enum { L_NEW, L_CONTACTED, L_NURTURING, L_QUALIFIED, L_DISQUALIFIED, L_CONVERTED };
static const char *const lead_statuses[] = { "new", "contacted", "nurturing",
					     "qualified", "disqualified", "converted" };
static const int open_lead_weights[] = { 28, 28, 17, 11, 16 };
static const char *const ratings[] = { "hot", "warm", "cold" };
static const int rating_weights[] = { 20, 45, 35 };
static const int rating_scores[][2] = { { 70, 100 }, { 40, 79 }, { 0, 49 } };

static const char *const zh_disqualify[] = {
	"预算不足", "无实际需求", "已选择竞争对手", "联系不上", "重复线索",
};

static const char *const en_disqualify[] = {
	"No budget this year", "No real need", "Chose a competitor", "Not reachable",
	"Duplicate lead",
};

static const char *const zh_lead_notes[] = {
	"在展会上留下名片，对移动销售感兴趣。",
	"官网申请了试用账号。",
	"老客户介绍，希望尽快安排交流。",
	"下载了白皮书，需要确认采购计划。",
};

static const char *const en_lead_notes[] = {
	"Met at the expo; interested in mobile sales.",
	"Signed up for a trial on the website.",
	"Referred by a customer; wants a call soon.",
	"Downloaded the white paper; check their buying plans.",
};

struct member {
	const char *name, *email;
};

static const struct member manager = { "陈建国", "jianguo.chen" };

static const struct member zh_reps[] = {
	{ "王磊", "lei.wang" }, { "李娜", "na.li" }, { "张伟", "wei.zhang" },
	{ "刘洋", "yang.liu" }, { "赵敏", "min.zhao" }, { "孙浩", "hao.sun" },
	{ "周婷", "ting.zhou" }, { "吴强", "qiang.wu" }, { "郑丽", "li.zheng" },
	{ "黄凯", "kai.huang" }, { "林静", "jing.lin" }, { "何俊", "jun.he" },
	{ "高峰", "feng.gao" }, { "罗佳", "jia.luo" }, { "梁晨", "chen.liang" },
	{ "宋雪", "xue.song" }, { "唐杰", "jie.tang" }, { "许睿", "rui.xu" },
	{ "韩梅", "mei.han" }, { "冯涛", "tao.feng" }, { "曹颖", "ying.cao" },
	{ "彭亮", "liang.peng" }, { "邓超", "chao.deng" }, { "谢琳", "lin.xie" },
	{ "曾鑫", "xin.zeng" }, { "杨帆", "fan.yang" }, { "朱莉", "li.zhu" },
	{ "胡斌", "bin.hu" }, { "郭欣", "xin.guo" }, { "马骏", "jun.ma" },
	{ "徐静怡", "jingyi.xu" }, { "蒋文博", "wenbo.jiang" }, { "沈佳琪", "jiaqi.shen" },
	{ "叶子轩", "zixuan.ye" }, { "苏晓明", "xiaoming.su" },
};

static const struct member en_reps[] = {
	{ "Kevin Tan", "kevin.tan" }, { "Emily Wong", "emily.wong" }, { "David Lim", "david.lim" },
	{ "Sarah Chen", "sarah.chen" }, { "Michael Ng", "michael.ng" },
};

#define MAX_REPS ((int)(ARRAY_LEN(zh_reps) + ARRAY_LEN(en_reps)))
#define DEMO_CALLS 4
#define TEAM_DOMAIN "example.com"

/* clang-format on */

/* ---------------------------------------------------------------- tables */

enum table {
	T_USER,
	T_ACCOUNT,
	T_CONTACT,
	T_CAMPAIGN,
	T_LEAD,
	T_OPPORTUNITY,
	T_STAGE_CHANGE,
	T_APPROVAL,
	T_PRODUCT,
	T_ACTIVITY,
	T_FOLLOWUP,
	T_HISTORY,
	T_SNAPSHOT,
	T_ADJUSTMENT,
	T_CONSENT,
	T_COUNT
};

/* The columns each writer binds, in this order, after the common ones. */
static const struct {
	const char *table, *fts, *cols;
} gen_tables[T_COUNT] = {
	[T_USER] = { "user", NULL, "name, email, role, territory, quota, currency, period" },
	[T_ACCOUNT] = { "account", "account_fts",
			"name, industry, territory, segment, phone, email, website, address, "
			"tags, notes" },
	[T_CONTACT] = { "contact", "contact_fts",
			"name, given_name, family_name, account, title, phone, mobile, email, "
			"address, channel, do_not_contact, birthday, tags, notes" },
	[T_CAMPAIGN] = { "campaign", NULL, "name, channel, start_date, end_date, cost, currency" },
	[T_LEAD] = { "lead", "lead_fts",
		     "name, company, title, phone, email, source, channel, campaign, status, "
		     "rating, score, "
		     "reason, converted_account, converted_contact, converted_opportunity, notes, "
		     "cadence, nurture_since" },
	[T_OPPORTUNITY] = { "opportunity", "opportunity_fts",
			    "name, account, contact, stage, amount, currency, probability, "
			    "close_date, category, next_step, lost_reason, product_line, lead, "
			    "stage_at, review_stage, review_status, review_note, review_reply, "
			    "review_at" },
	[T_STAGE_CHANGE] = { "stage_change", NULL,
			     "opportunity, from_stage, to_stage, at, user, amount, currency, "
			     "probability" },
	[T_APPROVAL] = { "approval", NULL, "opportunity, stage, user, at, note" },
	[T_PRODUCT] = { "product", NULL, "code, name, line, price, currency" },
	[T_ACTIVITY] = { "activity", NULL,
			 "kind, subject, start, \"end\", due, all_day, location, related, status, "
			 "priority, reminder" },
	[T_FOLLOWUP] = { "followup", "followup_fts",
			 "related, activity, at, channel, outcome, notes, next_date" },
	[T_HISTORY] = { "opportunity_history", NULL,
			"opportunity, at, user, event, old_stage, stage, old_amount, amount, "
			"old_currency, currency, old_probability, probability, old_close_date, "
			"close_date, old_category, category, old_owner, new_owner, prev_at" },
	[T_SNAPSHOT] = { "forecast_snapshot", NULL,
			 "name, period, first, last, scope, at, user, currency, figures" },
	[T_ADJUSTMENT] = { "forecast_adjustment", NULL,
			   "user, territory, period, \"commit\", best_case, currency, note" },
	[T_CONSENT] = { "consent", NULL, "contact, channel, action, at, method, user, note" },
};

/* Parameters 1-8 of every insert: n, id, rev, created_at, updated_at, owner,
 * updated_by, seq (deleted = 0 and dirty = 1 are literals). */
#define COMMON_PARAMS 8

/* ---------------------------------------------------------------- state */

struct user {
	char id[37];
	char email[64];
	const char *name;
	int territory;
	int64_t quota; /* minor units per quarter */
};

struct campaign {
	char id[37];
	int source;
	int start_day, end_day;
};

struct person {
	bool zh;
	char name[64], given[40], family[24];
	char local[48]; /* email local part */
};

struct company {
	bool zh;
	int industry, city;
	char name[160];
	char short_name[96]; /* for deal names: 华信科技, Acme Logistics */
	char domain[64];
};

struct contact {
	char id[37];
	struct person p;
	int created_day;
	time_t created;
};

struct opp {
	char id[37];
};

/* A customer drifting away, or a long-standing one, whose earlier purchases
 * are written last. */
struct drifter {
	struct company co;
	struct contact contact;
	char account_id[37];
	const char *owner;
	int segment, day;
};

/* A nurturing lead, kept until its next touch is written (gen_nurture()). */
struct nurturer {
	char id[37];
	char name[64];
	const char *owner;
	bool zh, email_only; /* email_only: no phone but an email, so touched by email */
	int cadence;
	time_t since, last; /* last: its newest log since it entered nurturing, else 0 */
};

/* The id sequence of one table: increasing (modulo 2^64) by random steps. */
struct idseq {
	uint64_t next, span; /* steps are 16 + [0, span) */
	bool started;
};

/* One activity of a contact, kept until its logs are written. */
struct act {
	char id[37];
	int kind, status;
	int day;	   /* local day it falls on */
	time_t start, end; /* 0 for a due-date task */
	const char *related;
	bool logged;
};

struct gen {
	struct db *db;
	sqlite3 *h;
	enum status st; /* first failure: later writes are skipped */
	uint64_t rng, ids;
	/* The deals' forecast edits draw from streams of their own, so adding
	 * them left every other record as it was (see gen_swap_streams()). */
	uint64_t hist_rng, hist_ids;
	/* Customers drifting away: chosen, and their purchases drawn, from
	 * streams of their own too (gen_swap_streams()). */
	uint64_t drift_rng, drift_ids;
	struct drifter *drifters;
	size_t ndrifters, drifters_cap;
	/* Long-standing customers, whose purchases of their first years make
	 * `report clv` measure tenures of several years: chosen, and their
	 * purchases drawn, from streams of their own (gen_swap_streams()). */
	uint64_t loyal_rng, loyal_ids;
	struct drifter *loyals;
	size_t nloyals, loyals_cap;
	/* Nurturing leads, whose latest touch and planned next touch are
	 * drawn from streams of their own (gen_swap_streams()). */
	uint64_t nurture_rng, nurture_ids;
	struct nurturer *nurturers;
	size_t nnurturers, nurturers_cap;
	bool account_won; /* the account being written won a deal this year */
	time_t now;
	int today; /* local day number (days since 1970-01-01 in UTC+8) */
	int64_t seq;
	int64_t n[T_COUNT];
	int64_t written[T_COUNT];
	sqlite3_stmt *ins[T_COUNT];
	struct bulk *bulk;
	struct bulk_table bulk_tables[T_COUNT];
	struct idseq idseqs[T_COUNT];
	struct strbuf title, body;
	int surname_total;

	int probability[S_COUNT];	 /* of each stage, from the stage table */
	struct user users[1 + MAX_REPS]; /* [0] is the manager */
	int nreps;
	struct campaign campaigns[ARRAY_LEN(campaign_defs)];

	/* Budgets of the capped types: what is left, and for how many contacts. */
	int64_t acts_left, logs_left, contacts_left;
	int64_t conversions_left, opp_index;
	int64_t accounts_left;

	/* The account being written. */
	struct contact *contacts;
	size_t ncontacts, contacts_cap;
	struct opp *opps;
	size_t nopps, opps_cap;

	void (*progress)(int64_t done, int64_t total, void *ctx);
	void *ctx;
	int64_t contacts_done, contacts_total, progress_next;

	/* The manager's weekly forecast calls of this quarter (Mondays at 10:00,
	 * the last DEMO_CALLS before now): what each rep's deals stood at then,
	 * per forecast category, and amount x probability (weighted x 100). */
	struct report_span quarter;
	int ncalls;
	int64_t reviews; /* asked for so far */
	time_t call_at[DEMO_CALLS];
	int64_t call_fig[DEMO_CALLS][1 + MAX_REPS][FC_COUNT + 1];
};

/* ---------------------------------------------------------------- randomness */

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t gen_rand(struct gen *g)
{
	return mix64(g->rng += 0x9e3779b97f4a7c15ULL);
}

/* Uniform in [0, n) for n > 0. */
static int gen_below(struct gen *g, int n)
{
	return (int)(((gen_rand(g) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]; lo when hi < lo. */
static int gen_range(struct gen *g, int lo, int hi)
{
	return hi <= lo ? lo : lo + gen_below(g, hi - lo + 1);
}

static bool gen_pct(struct gen *g, int pct)
{
	return gen_below(g, 100) < pct;
}

/* An index into weights[0..n), chosen in proportion to the weights. */
static int gen_weighted(struct gen *g, const int *weights, int n)
{
	int total = 0, i, r;

	for (i = 0; i < n; i++)
		total += weights[i];
	r = gen_below(g, total);
	for (i = 0; i < n - 1; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return n - 1;
}

#define PICK(g, a) ((a)[gen_below((g), (int)ARRAY_LEN(a))])
#define WEIGHTED(g, w) gen_weighted((g), (w), (int)ARRAY_LEN(w))

/* A count with mean about left / among (stochastic rounding, spread 0..2x),
 * at most max and at most left; everything that is left for the last one. */
static int gen_share(struct gen *g, int64_t left, int64_t among, int max)
{
	int64_t tenths, k;

	if (left <= 0 || among <= 0)
		return 0;
	if (among == 1)
		return (int)(left < max ? left : max);
	tenths = left * 20 / among; /* twice the mean, in tenths */
	k = tenths / 10 + (gen_below(g, 10) < tenths % 10);
	k = gen_range(g, 0, (int)(k < 2 * max ? k : 2 * max));
	if (k > max)
		k = max;
	return (int)(k < left ? k : left);
}

/* Copy tmpl to out, 'x' becoming a random digit and 'X' one of 2-9. */
static void gen_digits(struct gen *g, char *out, const char *tmpl)
{
	for (; *tmpl; tmpl++)
		*out++ = *tmpl == 'x'	? (char)('0' + gen_below(g, 10))
			 : *tmpl == 'X' ? (char)('2' + gen_below(g, 8))
					: *tmpl;
	*out = '\0';
}

/* ---------------------------------------------------------------- time */

static int weekday(int day)
{
	return ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday; 0 is Monday */
}

/* The working day nearest to day: Saturday goes back, Sunday forward. */
static int workday(int day)
{
	int w = weekday(day);

	return w == 5 ? day - 1 : w == 6 ? day + 1 : day;
}

/* The moment of minute min (local time) of local day. */
static time_t local_time(int day, int min)
{
	return (time_t)day * DAY + (time_t)min * 60 - SHANGHAI;
}

static int local_day(time_t t)
{
	long long s = (long long)t + SHANGHAI;

	return (int)(s >= 0 ? s / DAY : (s - DAY + 1) / DAY);
}

/* A random moment of office hours (09:00-17:30 in half hours) of day. */
static time_t office_time(struct gen *g, int day)
{
	return local_time(day, 9 * 60 + 30 * gen_below(g, 18));
}

static void fmt_date(int day, char out[11])
{
	char iso[21];

	clock_iso_utc((time_t)day * DAY, iso);
	memcpy(out, iso, 10);
	out[10] = '\0';
}

static time_t clamp_time(time_t t, time_t lo, time_t hi)
{
	return t < lo ? lo : t > hi ? hi : t;
}

/* ---------------------------------------------------------------- text */

/*
 * Append s to b as search_text() joins and utf8_fts_text() spaces it: a space
 * between values, and each CJK character as a token of its own. Joining then
 * spacing equals spacing each value and joining with a space, so values can be
 * added one by one. (utf8_fts_text() also keeps a combining mark attached to
 * the CJK character before it; the word lists above have none.) NULL is
 * skipped, as search_text() skips empty fields.
 */
static void fts_add(struct strbuf *b, const char *s)
{
	size_t len, i = 0;
	bool after_cjk = false;

	if (s == NULL)
		return;
	len = strlen(s);
	strbuf_grow(b, 1 + len * 2);
	if (b->len > 0)
		b->s[b->len++] = ' ';
	while (i < len) {
		uint32_t cp = (unsigned char)s[i];
		int n = 1;

		if (cp >= 0x80) {
			n = utf8_decode(s + i, len - i, &cp);
			if (n < 0) {
				n = 1;
				cp = 0xfffd;
			}
		}
		/* Most text is ASCII or common Han (U+4E00-9FFF): decide those quickly. */
		if (cp >= 0x80 && ((cp >= 0x4e00 && cp <= 0x9fff) || utf8_is_cjk(cp))) {
			if (b->len > 0 && b->s[b->len - 1] != ' ')
				b->s[b->len++] = ' ';
			after_cjk = true;
		} else {
			if (after_cjk && cp != ' ')
				b->s[b->len++] = ' ';
			after_cjk = false;
		}
		memcpy(b->s + b->len, s + i, (size_t)n);
		b->len += (size_t)n;
		i += (size_t)n;
	}
	b->s[b->len] = '\0';
}

/* Append "a,b" style tags: count distinct words of list into out (canonical form). */
static const char *gen_tags(struct gen *g, char *out, size_t size, const char *const *list,
			    int nlist, int count)
{
	int picked[4], n = 0, i, j;
	size_t len = 0;

	if (count > 4)
		count = 4;
	for (i = 0; i < count; i++) {
		int k = gen_below(g, nlist);
		bool dup = false;

		for (j = 0; j < n; j++)
			dup = dup || picked[j] == k;
		if (!dup)
			picked[n++] = k;
	}
	if (n == 0)
		return NULL;
	out[0] = '\0';
	for (i = 0; i < n; i++)
		len +=
		    (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "", list[picked[i]]);
	return out;
}

static void gen_person(struct gen *g, struct person *p, bool zh)
{
	p->zh = zh;
	if (zh) {
		int r = gen_below(g, g->surname_total), i;
		const struct surname *s = &surnames[0];
		const struct hanzi *a = &PICK(g, given_chars), *b = NULL;

		for (i = 0; i < (int)ARRAY_LEN(surnames); i++) {
			if (r < surnames[i].weight) {
				s = &surnames[i];
				break;
			}
			r -= surnames[i].weight;
		}
		if (gen_pct(g, 70))
			b = &PICK(g, given_chars);
		snprintf(p->family, sizeof(p->family), "%s", s->zh);
		snprintf(p->given, sizeof(p->given), "%s%s", a->zh, b ? b->zh : "");
		snprintf(p->name, sizeof(p->name), "%s%s", p->family, p->given);
		switch (gen_below(g, 10)) {
		case 0:
		case 1:
			snprintf(p->local, sizeof(p->local), "%s.%s%s", s->py, a->py,
				 b ? b->py : "");
			break;
		case 2:
		case 3:
		case 4:
			snprintf(p->local, sizeof(p->local), "%s%s%s", s->py, a->py,
				 b ? b->py : "");
			break;
		default:
			snprintf(p->local, sizeof(p->local), "%s%s.%s", a->py, b ? b->py : "",
				 s->py);
		}
	} else {
		const char *first = PICK(g, first_names), *last = PICK(g, last_names);
		char *q;

		snprintf(p->given, sizeof(p->given), "%s", first);
		snprintf(p->family, sizeof(p->family), "%s", last);
		snprintf(p->name, sizeof(p->name), "%s %s", first, last);
		if (gen_pct(g, 70))
			snprintf(p->local, sizeof(p->local), "%s.%s", first, last);
		else
			snprintf(p->local, sizeof(p->local), "%c%s", first[0], last);
		for (q = p->local; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
	}
}

/* A company in territory: Chinese (city + brand + trade + 有限公司) or English. */
static void gen_company(struct gen *g, struct company *c, int territory, bool zh)
{
	int first = -1, count = 0, i, w;
	char *q;

	for (i = 0; i < (int)ARRAY_LEN(cities); i++) {
		if (cities[i].territory == territory) {
			if (first < 0)
				first = i;
			count++;
		}
	}
	c->city = first + gen_below(g, count);
	c->zh = zh && territory != TERR_OVERSEAS;
	c->industry = gen_below(g, (int)ARRAY_LEN(industries));
	w = gen_below(g, 3);
	if (c->zh) {
		const struct hanzi *b = &PICK(g, brands), *word = &industries[c->industry].words[w];

		snprintf(c->short_name, sizeof(c->short_name), "%s%s", b->zh, word->zh);
		snprintf(c->name, sizeof(c->name), "%s%s%s", cities[c->city].name, c->short_name,
			 PICK(g, zh_suffixes));
		snprintf(c->domain, sizeof(c->domain), "%s-%s.example", b->py, word->py);
	} else {
		const char *b = PICK(g, en_brands), *word = industries[c->industry].en[w];

		snprintf(c->short_name, sizeof(c->short_name), "%s %s", b, word);
		snprintf(c->name, sizeof(c->name), "%s %s", c->short_name, PICK(g, en_suffixes));
		snprintf(c->domain, sizeof(c->domain), "%s-%s.example", b, word);
		for (q = c->domain; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
	}
}

static void gen_address(struct gen *g, char *out, size_t size, const struct company *c)
{
	const struct city *city = &cities[c->city];

	if (city->territory == TERR_OVERSEAS)
		snprintf(out, size, "%d %s, %s", gen_range(g, 1, 280), PICK(g, streets),
			 city->name);
	else if (gen_pct(g, 40))
		snprintf(out, size, "%s市%s%s%d号%d栋%d室", city->name, PICK(g, zones),
			 PICK(g, roads), gen_range(g, 1, 999), gen_range(g, 1, 12),
			 gen_range(g, 101, 2508));
	else
		snprintf(out, size, "%s市%s%s%d号", city->name, PICK(g, zones), PICK(g, roads),
			 gen_range(g, 1, 999));
}

static void gen_mobile(struct gen *g, char *out, const struct city *city)
{
	char tmpl[32];

	if (city->mobile) {
		gen_digits(g, out, city->mobile);
		return;
	}
	snprintf(tmpl, sizeof(tmpl), "+86 %s xxxx xxxx", PICK(g, mobile_prefixes));
	gen_digits(g, out, tmpl);
}

/* ---------------------------------------------------------------- writing */

/* The columns every record shares. */
struct base {
	int64_t n;
	char id[37];
	char rev[35];
	char created[21], updated[21];
	const char *owner, *author;
};

static uint64_t gen_id_rand(struct gen *g)
{
	return mix64(g->ids += 0x9e3779b97f4a7c15ULL);
}

/*
 * The next id of table t: a version-4 UUID whose first 60 bits grow by a random
 * step from one id of the table to the next (from a random start, wrapping
 * around once), the other 62 bits random. Ids of a table come in ascending
 * order, so the UNIQUE id index only ever appends, and so do the indexes of the
 * references to them (contact.account, stage_change.opportunity, ...). The
 * steps are big enough that the first eight characters (the short id) still
 * tell records apart.
 */
static void gen_id(struct gen *g, enum table t, char out[37])
{
	static const char hex[] = "0123456789abcdef";
	struct idseq *q = &g->idseqs[t];
	unsigned char b[16];
	uint64_t hi, lo;
	int i, o = 0;

	if (!q->started) {
		q->next = gen_id_rand(g);
		q->started = true;
	}
	hi = q->next >> 4;
	q->next += 16 + gen_id_rand(g) % q->span;
	lo = gen_id_rand(g);
	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)(hi >> (52 - 8 * i));
	b[6] = (unsigned char)(0x40 | ((hi >> 8) & 0x0f)); /* version 4 */
	b[7] = (unsigned char)hi;
	b[8] = (unsigned char)(0x80 | ((lo >> 56) & 0x3f)); /* RFC 9562 variant */
	for (i = 9; i < 16; i++)
		b[i] = (unsigned char)(lo >> (8 * (15 - i)));
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0f];
	}
	out[o] = '\0';
}

static void gen_new_base(struct gen *g, struct base *b, enum table t)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t a = gen_rand(g), c = gen_rand(g);
	int i;

	b->n = ++g->n[t];
	gen_id(g, t, b->id);
	b->rev[0] = '1';
	b->rev[1] = '-';
	for (i = 0; i < 16; i++) {
		b->rev[2 + i] = hex[(a >> (60 - 4 * i)) & 0xf];
		b->rev[18 + i] = hex[(c >> (60 - 4 * i)) & 0xf];
	}
	b->rev[34] = '\0';
}

/* Stamp times and authors: created <= updated <= now. */
static void gen_stamp(struct gen *g, struct base *b, time_t created, time_t updated,
		      const char *owner, const char *author)
{
	if (created > g->now)
		created = g->now;
	updated = clamp_time(updated, created, g->now);
	clock_iso_utc(created, b->created);
	clock_iso_utc(updated, b->updated);
	b->owner = owner;
	b->author = author;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Bind an integer, or NULL when v is negative. */
static void bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* The insert of table t with the common columns of b bound; NULL after a failure. */
static sqlite3_stmt *gen_begin_row(struct gen *g, enum table t, const struct base *b)
{
	sqlite3_stmt *st = g->ins[t];

	if (g->st != ST_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, b->n);
	bind_text(st, 2, b->id);
	bind_text(st, 3, b->rev);
	bind_text(st, 4, b->created);
	bind_text(st, 5, b->updated);
	bind_text(st, 6, b->owner);
	bind_text(st, 7, b->author);
	sqlite3_bind_int64(st, 8, ++g->seq);
	return st;
}

static void gen_step(struct gen *g, sqlite3_stmt *st)
{
	int rc;

	if (g->st != ST_OK)
		return;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		g->st = db_error(g->db, rc, _("writing demo data"));
}

static void gen_end_row(struct gen *g, enum table t, sqlite3_stmt *st)
{
	gen_step(g, st);
	if (g->st == ST_OK)
		g->written[t]++;
}

/* Write the FTS row of record n of t from g->title and g->body. */
static void gen_fts_row(struct gen *g, enum table t, int64_t n)
{
	if (g->st != ST_OK)
		return;
	g->st = bulk_fts_row(g->bulk, (size_t)t, n, strbuf_str(&g->title), g->title.len,
			     strbuf_str(&g->body), g->body.len);
}

static void fts_start(struct gen *g)
{
	strbuf_reset(&g->title);
	strbuf_reset(&g->body);
}

/* ---------------------------------------------------------------- the team */

static void gen_users(struct gen *g, int64_t contacts)
{
	int64_t quota_yuan, team = 0;
	int nzh = 0, nen = 0, i;
	time_t created = office_time(g, g->today - 400);

	/* Quotas roughly match what the data closes: a quarter of a rep's wins
	 * (contacts/4 deals, a fifth won, about 258,000 CNY each) and a bit more.
	 * The manager carries the team's quota. */
	quota_yuan = contacts * 3225 / g->nreps;
	for (i = 1; i <= g->nreps; i++) {
		struct user *u = &g->users[i];
		const struct member *m;

		u->territory = rep_territory[(i - 1) % 16];
		if (u->territory == TERR_OVERSEAS && nen < (int)ARRAY_LEN(en_reps))
			m = &en_reps[nen++];
		else
			m = &zh_reps[nzh++];
		u->name = m->name;
		snprintf(u->email, sizeof(u->email), "%s@%s", m->email, TEAM_DOMAIN);
		u->quota = quota_yuan * gen_range(g, 100, 150) / 100 / 10000 * 10000;
		if (u->quota < 100000)
			u->quota = 100000;
		u->quota *= 100;
		team += u->quota;
	}
	g->users[0].territory = -1;
	g->users[0].name = manager.name;
	snprintf(g->users[0].email, sizeof(g->users[0].email), "%s@%s", manager.email, TEAM_DOMAIN);
	g->users[0].quota = team;
	for (i = 0; i <= g->nreps; i++) {
		struct user *u = &g->users[i];
		struct base b;
		sqlite3_stmt *st;

		gen_new_base(g, &b, T_USER);
		memcpy(u->id, b.id, sizeof(u->id));
		/* Users own their own record, so a rep may edit it (user_rule()). */
		gen_stamp(g, &b, created, created, u->id, u->id);
		st = gen_begin_row(g, T_USER, &b);
		if (st == NULL)
			return;
		bind_text(st, 9, u->name);
		bind_text(st, 10, u->email);
		bind_text(st, 11, i == 0 ? "manager" : "rep");
		bind_text(st, 12, i == 0 ? NULL : territories[u->territory]);
		bind_int(st, 13, u->quota);
		bind_text(st, 14, "CNY");
		bind_text(st, 15, "quarter");
		gen_end_row(g, T_USER, st);
	}
}

static const struct user *gen_rep(struct gen *g)
{
	return &g->users[1 + gen_below(g, g->nreps)];
}

static void gen_campaigns(struct gen *g)
{
	const struct user *boss = &g->users[0];
	size_t i;

	for (i = 0; i < ARRAY_LEN(campaign_defs); i++) {
		const struct campaign_def *d = &campaign_defs[i];
		struct campaign *c = &g->campaigns[i];
		char start[11], end[11];
		struct base b;
		sqlite3_stmt *st;

		c->source = d->source;
		c->start_day = workday(g->today - 350 + (int)i * 28 + gen_range(g, 0, 6));
		c->end_day = c->start_day + d->days - 1;
		fmt_date(c->start_day, start);
		fmt_date(c->end_day, end);
		gen_new_base(g, &b, T_CAMPAIGN);
		memcpy(c->id, b.id, sizeof(c->id));
		gen_stamp(g, &b, office_time(g, c->start_day - gen_range(g, 20, 40)),
			  office_time(g, c->start_day - gen_range(g, 1, 10)), boss->id, boss->id);
		st = gen_begin_row(g, T_CAMPAIGN, &b);
		if (st == NULL)
			return;
		bind_text(st, 9, d->name);
		bind_text(st, 10, sources[d->source]);
		bind_text(st, 11, start);
		bind_text(st, 12, end);
		bind_int(st, 13, (int64_t)d->cost * 100);
		bind_text(st, 14, d->currency);
		gen_end_row(g, T_CAMPAIGN, st);
	}
}

static void gen_products(struct gen *g)
{
	const struct user *boss = &g->users[0];
	time_t created = office_time(g, g->today - 390);
	size_t i;

	for (i = 0; i < ARRAY_LEN(product_defs); i++) {
		const struct product_def *d = &product_defs[i];
		struct base b;
		sqlite3_stmt *st;

		gen_new_base(g, &b, T_PRODUCT);
		gen_stamp(g, &b, created, created, boss->id, boss->id);
		st = gen_begin_row(g, T_PRODUCT, &b);
		if (st == NULL)
			return;
		bind_text(st, 9, d->code);
		bind_text(st, 10, d->name);
		bind_text(st, 11, product_lines[d->line]);
		bind_int(st, 12, (int64_t)d->price * 100);
		bind_text(st, 13, "CNY");
		gen_end_row(g, T_PRODUCT, st);
	}
}

/* ---------------------------------------------------------------- activities and logs */

struct activity_row {
	struct act *a;
	const char *subject, *location, *priority;
	int reminder;
	time_t created, updated;
	const char *owner;
};

static void gen_write_activity(struct gen *g, const struct activity_row *r)
{
	struct act *a = r->a;
	char start[21], end[21], due[11];
	struct base b;
	sqlite3_stmt *st;

	gen_new_base(g, &b, T_ACTIVITY);
	memcpy(a->id, b.id, sizeof(b.id));
	gen_stamp(g, &b, r->created, r->updated, r->owner, r->owner);
	if (a->start) {
		clock_iso_utc(a->start, start);
		clock_iso_utc(a->end, end);
	} else {
		fmt_date(a->day, due);
	}
	st = gen_begin_row(g, T_ACTIVITY, &b);
	if (st == NULL)
		return;
	bind_text(st, 9, kinds[a->kind]);
	bind_text(st, 10, r->subject);
	bind_text(st, 11, a->start ? start : NULL);
	bind_text(st, 12, a->start ? end : NULL);
	bind_text(st, 13, a->start ? NULL : due);
	sqlite3_bind_int(st, 14, 0);
	bind_text(st, 15, r->location);
	bind_text(st, 16, a->related);
	bind_text(st, 17, activity_statuses[a->status]);
	bind_text(st, 18, r->priority);
	bind_int(st, 19, r->reminder);
	gen_end_row(g, T_ACTIVITY, st);
}

/* A new activity on a random day in [lo, hi] (local days). */
static void gen_act(struct gen *g, struct act *a, int kind, int lo, int hi, const char *related)
{
	bool due_only = (kind == K_TASK || kind == K_EMAIL) && gen_pct(g, 60);

	a->kind = kind;
	a->related = related;
	a->logged = false;
	a->day = gen_range(g, lo, hi);
	if (due_only) {
		a->start = a->end = 0;
		if (a->day >= g->today)
			a->status = A_PLANNED;
		else
			a->status = gen_pct(g, 85)   ? A_DONE
				    : gen_pct(g, 33) ? A_PLANNED
						     : A_CANCELLED;
		return;
	}
	a->day = workday(a->day);
	a->start = office_time(g, a->day);
	a->end =
	    a->start + 900 * gen_range(g, kind_minutes[kind][0] / 15, kind_minutes[kind][1] / 15);
	if (a->end > g->now)
		a->status = A_PLANNED;
	else
		a->status = gen_pct(g, 90) ? A_DONE : A_CANCELLED;
}

/* When an activity was entered and last changed. */
static void gen_act_times(struct gen *g, const struct act *a, time_t floor_t, time_t *created,
			  time_t *updated)
{
	time_t when = a->start ? a->start : local_time(a->day, 9 * 60);
	time_t finished = a->start ? a->end : local_time(a->day, 17 * 60 + 30);

	*created = clamp_time(when - (time_t)gen_range(g, 1, 10) * DAY - gen_below(g, 8) * 3600,
			      floor_t, g->now);
	if (a->status == A_PLANNED)
		*updated = *created;
	else
		*updated = clamp_time(finished + gen_below(g, 4) * 900, *created, g->now);
}

static int act_cmp(const void *x, const void *y)
{
	const struct act *a = x, *b = y;
	time_t ta = a->start ? a->start : local_time(a->day, 9 * 60);
	time_t tb = b->start ? b->start : local_time(b->day, 9 * 60);

	return ta < tb ? -1 : ta > tb;
}

static const char *gen_subject(struct gen *g, char *out, size_t size, int kind, bool zh,
			       const char *who, const char *company)
{
	if (zh) {
		switch (kind) {
		case K_CALL:
			snprintf(out, size, "电话沟通：%s", PICK(g, zh_topics));
			break;
		case K_MEETING:
			snprintf(out, size, "%s会议（%s）", PICK(g, zh_topics), company);
			break;
		case K_VISIT:
			snprintf(out, size, "拜访%s", who);
			break;
		case K_TASK:
			snprintf(out, size, "%s", PICK(g, zh_tasks));
			break;
		default:
			snprintf(out, size, "%s给%s", PICK(g, zh_emails), who);
		}
	} else {
		switch (kind) {
		case K_CALL:
			snprintf(out, size, "Call %s: %s", who, PICK(g, en_topics));
			break;
		case K_MEETING:
			snprintf(out, size, "Meeting with %s: %s", company, PICK(g, en_topics));
			break;
		case K_VISIT:
			snprintf(out, size, "Visit %s", company);
			break;
		case K_TASK:
			snprintf(out, size, "Prepare %s for %s", PICK(g, en_topics), company);
			break;
		default:
			snprintf(out, size, "Email %s about %s", who, PICK(g, en_topics));
		}
	}
	return out;
}

struct log_row {
	const char *related, *activity;
	time_t at;
	const char *channel;
	bool zh;
	int next_day; /* -1: none */
	const char *owner;
};

static void gen_write_log(struct gen *g, const struct log_row *r)
{
	const struct log_text *text = r->zh ? &PICK(g, zh_logs) : &PICK(g, en_logs);
	const char *outcome, *notes;
	char at[21], next[11], two[400];
	struct base b;
	sqlite3_stmt *st;

	if (text->only && strcmp(text->only, r->channel) != 0)
		text = r->zh ? &zh_logs[1] : &en_logs[1];
	outcome = text->outcome;
	notes = text->notes;
	if (gen_pct(g, 25)) {
		snprintf(two, sizeof(two), "%s%s%s", notes, r->zh ? "" : " ",
			 r->zh ? PICK(g, zh_log_extra) : PICK(g, en_log_extra));
		notes = two;
	}
	gen_new_base(g, &b, T_FOLLOWUP);
	gen_stamp(g, &b, r->at, r->at, r->owner, r->owner);
	clock_iso_utc(r->at, at);
	if (r->next_day >= 0)
		fmt_date(r->next_day, next);
	st = gen_begin_row(g, T_FOLLOWUP, &b);
	if (st == NULL)
		return;
	bind_text(st, 9, r->related);
	bind_text(st, 10, r->activity);
	bind_text(st, 11, at);
	bind_text(st, 12, r->channel);
	bind_text(st, 13, outcome);
	bind_text(st, 14, notes);
	bind_text(st, 15, r->next_day >= 0 ? next : NULL);
	gen_end_row(g, T_FOLLOWUP, st);
	fts_start(g);
	fts_add(&g->title, outcome);
	fts_add(&g->body, notes);
	gen_fts_row(g, T_FOLLOWUP, b.n);
}

/* The schedule and the logs of one contact of account a. */
static void gen_contact_work(struct gen *g, const struct contact *c, const struct company *a,
			     const char *account_id, const char *address, const char *owner)
{
	struct act acts[PER_CONTACT_MAX];
	int nacts, nlogs, i, lo = c->created_day + 2, last_log = -1, next_day = -1;
	struct log_row logs[PER_CONTACT_MAX];
	char subject[200], location[200];

	nacts = gen_share(g, g->acts_left, g->contacts_left, PER_CONTACT_MAX);
	nlogs = gen_share(g, g->logs_left, g->contacts_left, PER_CONTACT_MAX);
	g->acts_left -= nacts;
	g->logs_left -= nlogs;
	g->contacts_left--;
	if (lo < g->today - 365)
		lo = g->today - 365;
	for (i = 0; i < nacts; i++) {
		int kind = WEIGHTED(g, kind_weights);
		const char *related = c->id;
		int r = gen_below(g, 10);

		if (r < 2)
			related = account_id;
		else if (r < 4 && g->nopps > 0)
			related = g->opps[gen_below(g, (int)g->nopps)].id;
		if (gen_pct(g, 90) && lo <= g->today - 1)
			gen_act(g, &acts[i], kind, lo, g->today - 1, related);
		else
			gen_act(g, &acts[i], kind, g->today, g->today + 30, related);
	}
	qsort(acts, (size_t)nacts, sizeof(acts[0]), act_cmp);
	for (i = 0; i < nacts; i++) {
		struct activity_row row = { .a = &acts[i], .owner = owner };
		int kind = acts[i].kind;

		row.subject = gen_subject(g, subject, sizeof(subject), kind, c->p.zh, c->p.name,
					  a->short_name);
		row.location = NULL;
		if (kind == K_VISIT) {
			row.location = address;
		} else if (kind == K_MEETING) {
			if (gen_pct(g, 50))
				row.location = PICK(g, online_rooms);
			else {
				snprintf(location, sizeof(location), "%s%s", a->short_name,
					 a->zh ? "会议室" : " meeting room");
				row.location = location;
			}
		}
		row.priority = priorities[WEIGHTED(g, priority_weights)];
		row.reminder = acts[i].status == A_PLANNED && acts[i].start
				   ? (int[]){ 15, 15, 30, 60 }[gen_below(g, 4)]
				   : -1;
		gen_act_times(g, &acts[i], c->created, &row.created, &row.updated);
		gen_write_activity(g, &row);
	}
	/* Logs: what came of the finished activities, then a few on their own. */
	for (i = 0; i < nlogs; i++) {
		struct log_row *l = &logs[i];
		int j;

		memset(l, 0, sizeof(*l));
		l->zh = c->p.zh;
		l->owner = owner;
		l->next_day = -1;
		for (j = 0; j < nacts; j++)
			if (acts[j].status == A_DONE && !acts[j].logged)
				break;
		if (j < nacts) {
			struct act *done = &acts[j];

			done->logged = true;
			l->related = done->related;
			l->activity = done->id;
			l->channel = kind_channels[done->kind];
			l->at = done->start ? done->end : local_time(done->day, 17 * 60 + 30);
			l->at = clamp_time(l->at + gen_below(g, 4) * 900, 0, g->now - 60);
		} else if (lo <= g->today - 1) {
			l->related = c->id;
			l->channel = log_channels[c->p.zh ? WEIGHTED(g, zh_log_weights)
							  : WEIGHTED(g, en_log_weights)];
			l->at = office_time(g, gen_range(g, lo, g->today - 1));
		} else {
			nlogs = i;
			break;
		}
		if (last_log < 0 || l->at > logs[last_log].at)
			last_log = i;
	}
	/* The latest log names the next planned contact as its next follow-up date. */
	for (i = 0; last_log >= 0 && i < nacts; i++) {
		if (acts[i].status == A_PLANNED && acts[i].day >= local_day(logs[last_log].at)) {
			next_day = acts[i].day;
			break;
		}
	}
	if (last_log >= 0)
		logs[last_log].next_day = next_day;
	for (i = 0; i < nlogs; i++)
		gen_write_log(g, &logs[i]);
}

/* ---------------------------------------------------------------- leads */

struct lead_row {
	const struct person *p;
	const struct company *co;
	const char *title, *phone, *email;
	int source, status, rating, score;
	const char *channel, *campaign, *reason, *notes;
	const char *conv_account, *conv_contact, *conv_opp;
	time_t created, updated;
	const char *owner;
};

/* Nurturing (issue 14), without drawing from the generator so the rest of
 * the demo stays as it was: a nurturing lead entered nurturing at its last
 * change, every 7, 14 or 30 days; a third of the converted leads and a fifth
 * of the disqualified ones were nurtured from their start. */
static const int nurture_cadences[] = { 7, 14, 30 };

static void gen_lead_nurture(sqlite3_stmt *st, const struct base *b, const struct lead_row *r)
{
	bool nurtured = r->status == L_NURTURING || (r->status == L_CONVERTED && b->n % 3 == 0) ||
			(r->status == L_DISQUALIFIED && b->n % 5 == 0);

	if (!nurtured) {
		/* Bindings outlive a reset: clear the last lead's. */
		bind_int(st, 25, -1);
		bind_text(st, 26, NULL);
		return;
	}
	bind_int(st, 25, nurture_cadences[b->n % 3]);
	bind_text(st, 26, r->status == L_NURTURING ? b->updated : b->created);
}

static void gen_write_lead(struct gen *g, struct base *b, const struct lead_row *r)
{
	sqlite3_stmt *st;

	gen_stamp(g, b, r->created, r->updated, r->owner, r->owner);
	st = gen_begin_row(g, T_LEAD, b);
	if (st == NULL)
		return;
	bind_text(st, 9, r->p->name);
	bind_text(st, 10, r->co->name);
	bind_text(st, 11, r->title);
	bind_text(st, 12, r->phone);
	bind_text(st, 13, r->email);
	bind_text(st, 14, sources[r->source]);
	bind_text(st, 15, r->channel);
	bind_text(st, 16, r->campaign);
	bind_text(st, 17, lead_statuses[r->status]);
	bind_text(st, 18, ratings[r->rating]);
	bind_int(st, 19, r->score);
	bind_text(st, 20, r->reason);
	bind_text(st, 21, r->conv_account);
	bind_text(st, 22, r->conv_contact);
	bind_text(st, 23, r->conv_opp);
	bind_text(st, 24, r->notes);
	gen_lead_nurture(st, b, r);
	gen_end_row(g, T_LEAD, st);
	fts_start(g);
	fts_add(&g->title, r->p->name);
	fts_add(&g->title, r->co->name);
	fts_add(&g->body, r->title);
	fts_add(&g->body, r->phone);
	fts_add(&g->body, r->email);
	fts_add(&g->body, r->notes);
	gen_fts_row(g, T_LEAD, b->n);
}

/*
 * A source, a channel and maybe a campaign for a lead; returns the earliest
 * day it can appear. won_deal: the lead's deal was won (its id), and the
 * campaign drawn keeps it only as often as the campaign pays: else it goes
 * to the next campaign that always pays. Decided from the deal's id, not
 * the random stream, so the rest of the demo is as it was.
 */
static int gen_lead_source(struct gen *g, struct lead_row *r, const char *won_deal)
{
	if (gen_pct(g, 55)) {
		size_t k = (size_t)gen_below(g, (int)ARRAY_LEN(campaign_defs));
		const struct campaign *c;

		if (won_deal &&
		    (int)(strtoul(won_deal + 28, NULL, 16) % 100) >= campaign_defs[k].pays) {
			while (campaign_defs[k].pays < 100)
				k = (k + 1) % ARRAY_LEN(campaign_defs);
		}
		c = &g->campaigns[k];
		r->campaign = c->id;
		r->source = c->source;
		r->channel = "campaign";
		return c->start_day;
	}
	r->campaign = NULL;
	r->source = WEIGHTED(g, source_weights);
	r->channel = source_channels[r->source];
	return g->today - 364;
}

/* Keep a nurturing lead just written for gen_nurture(); returns it. */
static struct nurturer *gen_keep_nurturer(struct gen *g, const struct base *b,
					  const struct lead_row *r, bool zh)
{
	struct nurturer *nu;

	if (g->nnurturers == g->nurturers_cap) {
		g->nurturers_cap = g->nurturers_cap ? 2 * g->nurturers_cap : 64;
		g->nurturers = xreallocarray(g->nurturers, g->nurturers_cap, sizeof(*nu));
	}
	nu = &g->nurturers[g->nnurturers++];
	memcpy(nu->id, b->id, sizeof(nu->id));
	snprintf(nu->name, sizeof(nu->name), "%s", r->p->name);
	nu->owner = r->owner;
	nu->zh = zh;
	nu->email_only = r->phone == NULL && r->email != NULL;
	nu->cadence = nurture_cadences[b->n % 3];
	/* nurture_since is the lead's updated_at, as gen_stamp() bounds it */
	nu->since = clamp_time(r->updated, r->created < g->now ? r->created : g->now, g->now);
	nu->last = 0;
	return nu;
}

static void gen_open_leads(struct gen *g, int64_t count)
{
	int64_t eligible = count, budget_acts = g->acts_left / 8, budget_logs = g->logs_left / 8;
	int64_t i;

	for (i = 0; i < count && g->st == ST_OK; i++) {
		const struct user *owner = gen_rep(g);
		bool zh = owner->territory != TERR_OVERSEAS && gen_pct(g, 80);
		struct lead_row r = { .owner = owner->id };
		struct person p;
		struct company co;
		struct base b;
		char phone[32], email[128], subject[200];
		int first, day, touches;
		struct nurturer *nu;

		gen_person(g, &p, zh);
		gen_company(g, &co, owner->territory, zh);
		r.p = &p;
		r.co = &co;
		r.title = gen_pct(g, 70) ? (zh ? PICK(g, zh_titles) : PICK(g, en_titles)) : NULL;
		gen_mobile(g, phone, &cities[co.city]);
		r.phone = gen_pct(g, 85) ? phone : NULL;
		snprintf(email, sizeof(email), "%s@%s", p.local, co.domain);
		r.email = gen_pct(g, 80) ? email : NULL;
		first = gen_lead_source(g, &r, NULL);
		r.status = WEIGHTED(g, open_lead_weights);
		if (r.status == L_QUALIFIED)
			r.rating = gen_below(g, 2); /* hot or warm */
		else if (r.status == L_DISQUALIFIED)
			r.rating = gen_pct(g, 80) ? 2 : 1;
		else
			r.rating = WEIGHTED(g, rating_weights);
		r.score = gen_range(g, rating_scores[r.rating][0], rating_scores[r.rating][1]);
		if (r.status == L_DISQUALIFIED)
			r.reason = zh ? PICK(g, zh_disqualify) : PICK(g, en_disqualify);
		if (gen_pct(g, 30))
			r.notes = zh ? PICK(g, zh_lead_notes) : PICK(g, en_lead_notes);
		if (first < g->today - 364)
			first = g->today - 364;
		day = gen_range(g, first, g->today - 1);
		r.created = office_time(g, day);
		r.updated =
		    r.status == L_NEW ? r.created : r.created + (time_t)gen_range(g, 1, 30) * DAY;
		gen_new_base(g, &b, T_LEAD);
		gen_write_lead(g, &b, &r);
		nu = r.status == L_NURTURING ? gen_keep_nurturer(g, &b, &r, zh) : NULL;

		/* Worked leads have a call or an email behind them, and a log of it;
		 * some new ones have a first call booked. */
		touches = (int)(budget_acts * 100 / (eligible ? eligible : 1));
		if (r.status != L_NEW && r.status != L_DISQUALIFIED && gen_pct(g, touches) &&
		    g->acts_left > 0) {
			struct act a;
			struct activity_row row = { .a = &a, .owner = owner->id };

			gen_act(g, &a, gen_pct(g, 70) ? K_CALL : K_EMAIL, day, g->today - 1, b.id);
			if (a.status == A_PLANNED && a.day < g->today)
				a.status = A_DONE;
			row.subject = gen_subject(g, subject, sizeof(subject), a.kind, zh, p.name,
						  co.short_name);
			row.priority = "normal";
			row.reminder = -1;
			gen_act_times(g, &a, r.created, &row.created, &row.updated);
			gen_write_activity(g, &row);
			g->acts_left--;
			budget_acts--;
			if (a.status == A_DONE && budget_logs > 0 && g->logs_left > 0) {
				struct log_row l = { .related = b.id,
						     .activity = a.id,
						     .channel = kind_channels[a.kind],
						     .zh = zh,
						     .next_day = -1,
						     .owner = owner->id };

				l.at = a.start ? a.end : local_time(a.day, 17 * 60 + 30);
				l.at = clamp_time(l.at, 0, g->now - 60);
				gen_write_log(g, &l);
				if (nu && l.at >= nu->since)
					nu->last = l.at;
				g->logs_left--;
				budget_logs--;
			}
		} else if (r.status == L_NEW && gen_pct(g, 25) && budget_acts > 0 &&
			   g->acts_left > 0) {
			struct act a;
			struct activity_row row = { .a = &a, .owner = owner->id };

			gen_act(g, &a, K_CALL, g->today, g->today + 7, b.id);
			row.subject = gen_subject(g, subject, sizeof(subject), a.kind, zh, p.name,
						  co.short_name);
			row.priority = "high";
			row.reminder = a.start ? 15 : -1;
			gen_act_times(g, &a, r.created, &row.created, &row.updated);
			gen_write_activity(g, &row);
			g->acts_left--;
			budget_acts--;
		}
		eligible--;
	}
}

/* ---------------------------------------------------------------- deals */

/* An amount in minor units, log-uniform over the segment's range: geometric
 * buckets of 1.25x from 5,000 CNY, then uniform within the bucket. */
static int64_t gen_amount(struct gen *g, int segment)
{
	static const int range[3][2] = { { 13, 27 }, { 6, 21 }, { 0, 15 } }; /* A, B, C */
	int64_t lo = 500000, hi, amount;
	int k = gen_range(g, range[segment][0], range[segment][1] - 1), i;

	for (i = 0; i < k; i++)
		lo = lo * 5 / 4;
	hi = lo * 5 / 4;
	amount = lo + (int64_t)(gen_rand(g) % (uint64_t)(hi - lo));
	if (amount > 200000000)
		amount = 200000000;
	/* Round to 100 CNY, or 1,000 CNY for six figures. */
	return amount < 10000000 ? amount / 10000 * 10000 : amount / 100000 * 100000;
}

struct deal {
	const struct company *co;
	const char *account_id, *owner;
	int segment, account_day;
	const struct contact *contact;
	int won_day; /* > 0: won on that day (a drifting customer's purchase) */
};

/* A deal's forecast fields at one moment of its history. */
struct dstate {
	int stage;
	int64_t amount;
	int close_day;
	const char *category;
};

/* The category a move into stage sets: the core's rule on the stage table's probability. */
static const char *stage_category(const struct gen *g, int stage)
{
	return opportunity_category(g->probability[stage], stage == S_WON, stage == S_LOST);
}

static void gen_stage_change(struct gen *g, const char *opp, int from, int to, time_t at,
			     const char *owner, int64_t amount)
{
	char when[21];
	struct base b;
	sqlite3_stmt *st;

	gen_new_base(g, &b, T_STAGE_CHANGE);
	gen_stamp(g, &b, at, at, owner, owner);
	clock_iso_utc(at, when);
	st = gen_begin_row(g, T_STAGE_CHANGE, &b);
	if (st == NULL)
		return;
	bind_text(st, 9, opp);
	bind_text(st, 10, from >= 0 ? stage_ids[from] : NULL);
	bind_text(st, 11, stage_ids[to]);
	bind_text(st, 12, when);
	bind_text(st, 13, owner);
	bind_int(st, 14, amount);
	bind_text(st, 15, "CNY");
	bind_int(st, 16, g->probability[to]);
	gen_end_row(g, T_STAGE_CHANGE, st);
}

/* Swap the main random and id streams with another pair (the history's, the
 * drifting customers', the long-standing customers', the nurturing leads'),
 * and back: records written from a pair of their own leave every other
 * record as it was. */
static void gen_swap_streams(struct gen *g, uint64_t *rng, uint64_t *ids)
{
	uint64_t r = g->rng, i = g->ids;

	g->rng = *rng;
	g->ids = *ids;
	*rng = r;
	*ids = i;
}

/* One opportunity_history row: old (NULL for the deal's creation) and now;
 * prev the instant of the deal's previous entry (written just before this
 * one; ignored for its creation), its prev_at (0020-history-prev.sql). */
static void gen_history(struct gen *g, const char *opp, time_t at, time_t prev,
			const struct dstate *old, const struct dstate *now, const char *owner)
{
	char when[21], prev_at[21], old_close[11], close[11];
	struct base b;
	sqlite3_stmt *st;

	gen_swap_streams(g, &g->hist_rng, &g->hist_ids);
	gen_new_base(g, &b, T_HISTORY);
	gen_swap_streams(g, &g->hist_rng, &g->hist_ids);
	gen_stamp(g, &b, at, at, owner, owner);
	clock_iso_utc(at, when);
	st = gen_begin_row(g, T_HISTORY, &b);
	if (st == NULL)
		return;
	fmt_date(now->close_day, close);
	bind_text(st, 9, opp);
	bind_text(st, 10, when);
	bind_text(st, 11, owner);
	bind_text(st, 12, old ? "changed" : "created");
	bind_text(st, 13, old ? stage_ids[old->stage] : NULL);
	bind_text(st, 14, stage_ids[now->stage]);
	bind_int(st, 15, old ? old->amount : -1);
	bind_int(st, 16, now->amount);
	bind_text(st, 17, old ? "CNY" : NULL);
	bind_text(st, 18, "CNY");
	bind_int(st, 19, old ? g->probability[old->stage] : -1);
	bind_int(st, 20, g->probability[now->stage]);
	if (old)
		fmt_date(old->close_day, old_close);
	bind_text(st, 21, old ? old_close : NULL);
	bind_text(st, 22, close);
	bind_text(st, 23, old ? old->category : NULL);
	bind_text(st, 24, now->category);
	bind_text(st, 25, old ? owner : NULL);
	bind_text(st, 26, owner);
	if (old)
		clock_iso_utc(prev, prev_at);
	bind_text(st, 27, old ? prev_at : "");
	gen_end_row(g, T_HISTORY, st);
}

/* What happens to a deal between its stage moves. */
enum { EV_MOVE, EV_PUSH, EV_PULL, EV_CUT, EV_RAISE, EV_CATEGORY };
static const int edit_weights[] = { 0, 35, 15, 20, 12, 18 }; /* by EV_ */
static const int edit_counts[] = { 30, 35, 22, 13 };	     /* 0, 1, 2 or 3 edits */

#define MAX_EVENTS (S_COUNT + 4)

struct devent {
	time_t at;
	int kind;
	int to;	       /* EV_MOVE: the stage */
	int64_t delta; /* amount (EV_CUT, EV_RAISE) or days (EV_PUSH, EV_PULL, a closing move) */
	bool up;       /* EV_CATEGORY */
};

/*
 * A deal's year: its stage moves at at[0..len-1] and, between them, edits
 * people make to a forecast (close dates pushed or pulled in, amounts cut or
 * raised, a category set by hand), with a closing move that sets the close
 * date to the day it closed. Planned backwards from the deal's final amount
 * and close date, so that replaying the events from the first state ends
 * exactly at the row. ev[] gets the events in time order; *first the state
 * at creation. Returns the number of events.
 */
static int gen_deal_events(struct gen *g, const int *path, int len, const time_t *at, bool closed,
			   int64_t amount, int close_day, struct devent *ev, struct dstate *first)
{
	int n = 0, i, j, extras = WEIGHTED(g, edit_counts);
	time_t lo = at[0] + 3600, hi = (closed ? at[len - 1] : g->now) - 3600;
	int64_t a = amount;
	int day = close_day;

	for (i = 0; i < len; i++)
		ev[n++] = (struct devent){ .at = at[i], .kind = EV_MOVE, .to = path[i] };
	for (i = 0; i < extras && hi > lo; i++) {
		struct devent e = { .at = lo + (time_t)(gen_rand(g) % (uint64_t)(hi - lo)) };

		e.kind = WEIGHTED(g, edit_weights);
		e.up = gen_pct(g, 60);
		for (j = n; j > 0 && ev[j - 1].at > e.at; j--)
			ev[j] = ev[j - 1];
		ev[j] = e;
		n++;
	}
	/* Backwards from the row: each event's size, and the state before it. */
	for (i = n - 1; i >= 0; i--) {
		struct devent *e = &ev[i];
		int pct;

		switch (e->kind) {
		case EV_MOVE:
			if (i == n - 1 && closed) {
				/* Closed on a day other than the one forecast. */
				e->delta = gen_range(g, -25, 45);
				day -= (int)e->delta;
			}
			break;
		case EV_PUSH:
			e->delta = gen_range(g, 7, 60);
			if (day - e->delta >= local_day(at[0]) + 7) {
				day -= (int)e->delta;
				break;
			}
			/* A deal was never forecast to close before it began: pulled in. */
			e->kind = EV_PULL;
			/* fall through */
		case EV_PULL:
			e->delta = gen_range(g, 7, 30);
			day += (int)e->delta;
			break;
		case EV_CUT:
			pct = gen_range(g, 10, 30);
			e->delta = a * pct / (100 - pct) / 10000 * 10000;
			a += e->delta;
			break;
		case EV_RAISE:
			pct = gen_range(g, 5, 25);
			e->delta = a * pct / (100 + pct) / 10000 * 10000;
			a -= e->delta;
			break;
		default:
			break;
		}
	}
	first->stage = path[0];
	first->amount = a;
	first->close_day = day;
	first->category = stage_category(g, path[0]);
	return n;
}

/* The state after event e. */
static void gen_apply_event(const struct gen *g, const struct devent *e, struct dstate *s)
{
	static const char *const up[] = { "best_case", "commit", "commit" };
	static const char *const down[] = { "pipeline", "pipeline", "best_case" };
	int rank;

	switch (e->kind) {
	case EV_MOVE:
		s->stage = e->to;
		s->category = stage_category(g, e->to);
		s->close_day += (int)e->delta;
		break;
	case EV_PUSH:
		s->close_day += (int)e->delta;
		break;
	case EV_PULL:
		s->close_day -= (int)e->delta;
		break;
	case EV_CUT:
		s->amount -= e->delta;
		break;
	case EV_RAISE:
		s->amount += e->delta;
		break;
	default:
		/* A rep's own call: one category up or down from what the stage says. */
		if (s->stage == S_WON || s->stage == S_LOST)
			break;
		rank = strcmp(s->category, "commit") == 0      ? 2
		       : strcmp(s->category, "best_case") == 0 ? 1
							       : 0;
		s->category = e->up ? up[rank] : down[rank];
		break;
	}
}

static void gen_approval(struct gen *g, const char *opp, time_t at, const char *owner, bool zh)
{
	const struct user *boss = &g->users[0];
	char when[21];
	struct base b;
	sqlite3_stmt *st;

	gen_new_base(g, &b, T_APPROVAL);
	/* The sign-off syncs with the deal (its owner) and was written by the manager. */
	gen_stamp(g, &b, at, at, owner, boss->id);
	clock_iso_utc(at, when);
	st = gen_begin_row(g, T_APPROVAL, &b);
	if (st == NULL)
		return;
	bind_text(st, 9, opp);
	bind_text(st, 10, stage_ids[S_NEGOTIATION]);
	bind_text(st, 11, boss->id);
	bind_text(st, 12, when);
	bind_text(st, 13, zh ? PICK(g, zh_approval_notes) : PICK(g, en_approval_notes));
	gen_end_row(g, T_APPROVAL, st);
}

/* A converted lead behind deal opp (written before it, dated before it). */
static void gen_converted_lead(struct gen *g, struct base *lb, const struct deal *d,
			       const char *opp_id, bool won, time_t converted)
{
	struct lead_row r = { .owner = d->owner };
	char email[128];

	r.p = &d->contact->p;
	r.co = d->co;
	gen_lead_source(g, &r, won ? opp_id : NULL);
	snprintf(email, sizeof(email), "%s@%s", d->contact->p.local, d->co->domain);
	r.email = email;
	r.status = L_CONVERTED;
	r.rating = gen_pct(g, 60) ? 0 : 1;
	r.score = gen_range(g, rating_scores[r.rating][0], rating_scores[r.rating][1]);
	r.conv_account = d->account_id;
	r.conv_contact = d->contact->id;
	r.conv_opp = opp_id;
	r.created = converted - (time_t)gen_range(g, 3, 30) * DAY;
	r.updated = converted;
	gen_write_lead(g, lb, &r);
}

/* A rep's request for the manager's review of Negotiation, kept with the
 * deal (doc/DESIGN.md section 3): a quarter of the open deals in Proposal
 * asked, a few days after they got there, and one in three of those was
 * sent back with a reply. Chosen by the deal's number, not the random streams, so
 * every other record stays as it was. */
struct review {
	time_t at;
	char when[21];
	const char *status, *note, *reply;
};

static const char *const zh_review_notes[] = {
	"客户已确认预算，申请进入商务谈判",
	"方案已通过技术评审，请审批报价折扣",
	"采购流程已启动，希望本季度签约",
};
static const char *const en_review_notes[] = {
	"Budget confirmed by the customer; ready to negotiate",
	"Proposal passed their technical review; please approve the discount",
	"Procurement has started; they aim to sign this quarter",
};
static const char *const zh_review_replies[] = {
	"请先确认决策人和付款条件",
	"折扣过高，请重新报价后再提交",
};
static const char *const en_review_replies[] = {
	"Confirm the decision maker and payment terms first",
	"The discount is too deep; requote and ask again",
};

static bool gen_review(struct gen *g, int stage, bool closed, time_t entered, bool zh,
		       struct review *out)
{
	uint64_t h = mix64((uint64_t)g->opp_index * 0x9e3779b97f4a7c15ULL ^ 0x7e1e3ULL);

	if (closed || stage != S_PROPOSAL || h % 4 != 0)
		return false;
	out->at = entered + DAY * (time_t)(1 + (h >> 8) % 5);
	if (out->at > g->now - 3600)
		out->at = g->now - 3600;
	if (out->at <= entered)
		out->at = entered + 60;
	clock_iso_utc(out->at, out->when);
	out->status = g->reviews++ % 3 == 1 ? "returned" : "requested";
	out->note = zh ? zh_review_notes[(h >> 24) % ARRAY_LEN(zh_review_notes)]
		       : en_review_notes[(h >> 24) % ARRAY_LEN(en_review_notes)];
	out->reply = strcmp(out->status, "returned") != 0 ? NULL
		     : zh ? zh_review_replies[(h >> 32) % ARRAY_LEN(zh_review_replies)]
			  : en_review_replies[(h >> 32) % ARRAY_LEN(en_review_replies)];
	return true;
}

/* Add a deal to the figures each forecast call froze: its state then (the
 * events before the call replayed from its first state), when it existed
 * and closed in the quarter, by the rules of src/report/forecast.h. */
static void gen_call_figures(struct gen *g, const char *owner, const struct devent *ev, int nev,
			     const struct dstate *first)
{
	int rep = 0, i, k, c;

	for (i = 1; i <= g->nreps; i++)
		if (strcmp(g->users[i].id, owner) == 0)
			rep = i;
	for (k = 0; rep && k < g->ncalls; k++) {
		struct dstate s = *first;
		char close[11];
		int64_t *fig = g->call_fig[k][rep];

		if (nev == 0 || ev[0].at >= g->call_at[k])
			continue; /* created after the call */
		for (i = 1; i < nev && ev[i].at < g->call_at[k]; i++)
			gen_apply_event(g, &ev[i], &s);
		fmt_date(s.close_day, close);
		if (s.stage == S_LOST || strcmp(close, g->quarter.first) < 0 ||
		    strcmp(close, g->quarter.last) > 0)
			continue;
		if (s.stage == S_WON) {
			fig[FC_CLOSED] += s.amount;
			continue;
		}
		for (c = FC_COMMIT; c < FC_COUNT; c++)
			if (strcmp(s.category, report_categories[c]) == 0)
				break;
		if (strcmp(s.category, report_categories[FC_CLOSED]) == 0)
			c = FC_COMMIT;
		if (c == FC_COUNT)
			c = FC_PIPELINE;
		fig[c] += s.amount;
		if (c != FC_OMITTED)
			fig[FC_COUNT] += s.amount * g->probability[s.stage];
	}
}

static void gen_deal(struct gen *g, const struct deal *d, struct opp *o)
{
	int stage = WEIGHTED(g, stage_weights), path[S_COUNT], len = 0, i, line, first_day;
	int last_day, close_day;
	bool zh = d->co->zh, closed;
	int64_t amount = gen_amount(g, d->segment);
	time_t at[S_COUNT];
	const char *next_step = NULL, *lost_reason = NULL, *category;
	struct devent ev[MAX_EVENTS];
	struct dstate state, before;
	time_t last = 0;
	int nev, k;
	char name[200], close[11], stage_at[21];
	struct base b, lb;
	bool converted = false, review;
	struct review rv;
	sqlite3_stmt *st;

	if (d->won_day > 0)
		stage = S_WON;
	else if (stage == S_WON)
		g->account_won = true;
	closed = stage == S_WON || stage == S_LOST;
	if (stage == S_LOST) {
		int from = WEIGHTED(g, lost_from_weights);

		for (i = 0; i <= from; i++)
			path[len++] = i;
		path[len++] = S_LOST;
		lost_reason = zh ? PICK(g, zh_lost_reasons) : PICK(g, en_lost_reasons);
	} else {
		for (i = 0; i <= (stage == S_WON ? S_NEGOTIATION : stage); i++)
			path[len++] = i;
		if (stage == S_WON)
			path[len++] = S_WON;
	}
	/* Days: the history runs from first_day to last_day, within the last year. */
	first_day = d->account_day + 1;
	if (first_day < g->today - 365 && d->won_day == 0)
		first_day = g->today - 365;
	if (closed) {
		int span = gen_range(g, 14, 120);

		last_day = d->won_day > 0 ? d->won_day : g->today - gen_range(g, 2, 365);
		if (last_day - span >= first_day) {
			first_day = last_day - span;
		} else {
			/* A young account: the deal starts with it. */
			last_day = first_day + span;
			if (last_day > g->today - 2)
				last_day = g->today - 2;
		}
	} else {
		int start = g->today - gen_range(g, 5, 300);

		if (start > first_day)
			first_day = start;
		last_day = first_day + (g->today - 2 - first_day) * gen_range(g, 40, 100) / 100;
	}
	if (first_day > g->today - 2)
		first_day = last_day = g->today - 2;
	for (i = 0; i < len; i++) {
		int day = len == 1 ? first_day : first_day + (last_day - first_day) * i / (len - 1);

		at[i] = office_time(g, workday(day));
		if (i > 0 && at[i] <= at[i - 1])
			at[i] = at[i - 1] + 60 * gen_range(g, 10, 120);
	}
	if (closed)
		close_day = local_day(at[len - 1]);
	else {
		close_day = g->today + gen_range(g, -20, 180);
		if (close_day < local_day(at[len - 1]))
			close_day = local_day(at[len - 1]) + gen_range(g, 7, 60);
	}
	fmt_date(close_day, close);
	clock_iso_utc(at[len - 1], stage_at);
	gen_swap_streams(g, &g->hist_rng, &g->hist_ids);
	nev = gen_deal_events(g, path, len, at, closed, amount, close_day, ev, &state);
	gen_swap_streams(g, &g->hist_rng, &g->hist_ids);
	/* The category is the last one the events leave: the stage's, or set by hand. */
	before = state;
	for (k = 1; k < nev; k++)
		gen_apply_event(g, &ev[k], &before);
	category = before.category;
	if (!closed && (stage >= S_PROPOSAL || gen_pct(g, 90)))
		next_step = zh ? zh_next_steps[stage][gen_below(g, 2)]
			       : en_next_steps[stage][gen_below(g, 2)];
	line = gen_below(g, (int)ARRAY_LEN(product_lines));
	/* A drifting customer's purchases lean to its industry's line. */
	if (d->won_day > 0 && gen_pct(g, 50))
		line = d->co->industry % (int)ARRAY_LEN(product_lines);
	snprintf(name, sizeof(name), "%s - %s", d->co->short_name,
		 zh ? zh_projects[line][gen_below(g, 3)] : en_projects[line][gen_below(g, 3)]);

	gen_new_base(g, &b, T_OPPORTUNITY);
	memcpy(o->id, b.id, sizeof(o->id));
	if (d->won_day == 0 && g->opp_index++ % 10 == 3 && g->conversions_left > 0) {
		converted = true;
		g->conversions_left--;
		gen_new_base(g, &lb, T_LEAD);
	}
	review = gen_review(g, stage, closed, at[len - 1], zh, &rv);
	gen_stamp(g, &b, at[0], review ? rv.at : at[len - 1], d->owner, d->owner);
	st = gen_begin_row(g, T_OPPORTUNITY, &b);
	if (st == NULL)
		return;
	bind_text(st, 9, name);
	bind_text(st, 10, d->account_id);
	bind_text(st, 11, d->contact->id);
	bind_text(st, 12, stage_ids[stage]);
	bind_int(st, 13, amount);
	bind_text(st, 14, "CNY");
	bind_int(st, 15, g->probability[stage]);
	bind_text(st, 16, close);
	bind_text(st, 17, category);
	bind_text(st, 18, next_step);
	bind_text(st, 19, lost_reason);
	bind_text(st, 20, product_lines[line]);
	bind_text(st, 21, converted ? lb.id : NULL);
	bind_text(st, 22, stage_at);
	bind_text(st, 23, review ? stage_ids[S_NEGOTIATION] : NULL);
	bind_text(st, 24, review ? rv.status : NULL);
	bind_text(st, 25, review ? rv.note : NULL);
	bind_text(st, 26, review ? rv.reply : NULL);
	bind_text(st, 27, review ? rv.when : NULL);
	gen_end_row(g, T_OPPORTUNITY, st);
	gen_call_figures(g, d->owner, ev, nev, &state);
	fts_start(g);
	fts_add(&g->title, name);
	fts_add(&g->title, d->co->name);
	fts_add(&g->body, next_step);
	fts_add(&g->body, lost_reason);
	gen_fts_row(g, T_OPPORTUNITY, b.n);
	if (converted)
		gen_converted_lead(g, &lb, d, b.id, stage == S_WON, at[0]);
	for (i = 0, k = 0; k < nev; k++) {
		before = state;
		if (k > 0)
			gen_apply_event(g, &ev[k], &state);
		if (ev[k].kind == EV_MOVE) {
			if (path[i] == S_NEGOTIATION) {
				/* Signed off shortly before the move, as opportunity_rule() wants.
				 */
				time_t signed_at = at[i] - 900 * gen_range(g, 1, 4);

				if (signed_at <= at[i - 1])
					signed_at = at[i - 1] + (at[i] - at[i - 1]) / 2;
				gen_approval(g, b.id, signed_at, d->owner, zh);
			}
			gen_stage_change(g, b.id, i ? path[i - 1] : -1, path[i], at[i], d->owner,
					 state.amount);
			i++;
		} else if (strcmp(before.category, state.category) == 0 &&
			   before.amount == state.amount && before.close_day == state.close_day) {
			continue; /* a category the stage did not allow to change */
		}
		gen_history(g, b.id, ev[k].at, last, k ? &before : NULL, &state, d->owner);
		last = ev[k].at;
	}
}

/* ---------------------------------------------------------------- accounts */

static struct contact *gen_contact_slot(struct gen *g)
{
	if (g->ncontacts == g->contacts_cap) {
		g->contacts_cap = g->contacts_cap ? g->contacts_cap * 2 : 16;
		g->contacts = xreallocarray(g->contacts, g->contacts_cap, sizeof(*g->contacts));
	}
	return &g->contacts[g->ncontacts++];
}

static struct opp *gen_opp_slot(struct gen *g)
{
	if (g->nopps == g->opps_cap) {
		g->opps_cap = g->opps_cap ? g->opps_cap * 2 : 8;
		g->opps = xreallocarray(g->opps, g->opps_cap, sizeof(*g->opps));
	}
	return &g->opps[g->nopps++];
}

static void gen_write_contact(struct gen *g, struct contact *c, const struct company *co,
			      const char *account_id, const char *account_phone,
			      const char *address, const char *owner)
{
	char mobile[32], phone[48], email[128], birthday[11], tags[128];
	const char *title, *tag_list = NULL, *notes = NULL, *channel;
	struct base b;
	sqlite3_stmt *st;
	bool has_phone = gen_pct(g, 50), has_birthday = gen_pct(g, 35);

	title = c->p.zh ? PICK(g, zh_titles) : PICK(g, en_titles);
	gen_mobile(g, mobile, &cities[co->city]);
	if (has_phone)
		snprintf(phone, sizeof(phone), "%s ext %d", account_phone, gen_range(g, 100, 899));
	snprintf(email, sizeof(email), "%s@%s", c->p.local, co->domain);
	if (has_birthday)
		fmt_date(clock_days_from_civil(gen_range(g, 1962, 1999), gen_range(g, 1, 12),
					       gen_range(g, 1, 28)),
			 birthday);
	if (gen_pct(g, 40))
		tag_list = gen_tags(g, tags, sizeof(tags), contact_tags,
				    (int)ARRAY_LEN(contact_tags), gen_range(g, 1, 2));
	if (gen_pct(g, 15))
		notes = c->p.zh ? PICK(g, zh_contact_notes) : PICK(g, en_contact_notes);
	channel = contact_channels[c->p.zh ? WEIGHTED(g, zh_channel_weights)
					   : WEIGHTED(g, en_channel_weights)];
	if (!gen_pct(g, 10))
		address = NULL;

	gen_new_base(g, &b, T_CONTACT);
	memcpy(c->id, b.id, sizeof(c->id));
	gen_stamp(g, &b, c->created, c->created + gen_below(g, 60) * (time_t)DAY, owner, owner);
	st = gen_begin_row(g, T_CONTACT, &b);
	if (st == NULL)
		return;
	bind_text(st, 9, c->p.name);
	bind_text(st, 10, c->p.given);
	bind_text(st, 11, c->p.family);
	bind_text(st, 12, account_id);
	bind_text(st, 13, title);
	bind_text(st, 14, has_phone ? phone : NULL);
	bind_text(st, 15, mobile);
	bind_text(st, 16, email);
	bind_text(st, 17, address);
	bind_text(st, 18, channel);
	sqlite3_bind_int(st, 19, gen_pct(g, 2));
	bind_text(st, 20, has_birthday ? birthday : NULL);
	bind_text(st, 21, tag_list);
	bind_text(st, 22, notes);
	gen_end_row(g, T_CONTACT, st);
	fts_start(g);
	fts_add(&g->title, c->p.name);
	fts_add(&g->title, c->p.given);
	fts_add(&g->title, c->p.family);
	fts_add(&g->body, title);
	fts_add(&g->body, has_phone ? phone : NULL);
	fts_add(&g->body, mobile);
	fts_add(&g->body, email);
	fts_add(&g->body, address);
	fts_add(&g->body, tag_list);
	fts_add(&g->body, notes);
	gen_fts_row(g, T_CONTACT, b.n);
}

/* A long-standing customer: an account of more than two and a half years
 * that still buys (it won a deal this year) and is not drifting away. Its
 * contact for those purchases is the one it has known longest. */
static void gen_pick_loyal(struct gen *g, const struct company *co, const char *account_id,
			   const char *owner, int segment, int day)
{
	struct drifter *dr;
	size_t i, first = 0;

	if (!g->account_won || g->ncontacts == 0)
		return;
	for (i = 1; i < g->ncontacts; i++)
		if (g->contacts[i].created_day < g->contacts[first].created_day)
			first = i;
	if (g->contacts[first].created_day > day)
		day = g->contacts[first].created_day;
	if (day >= g->today - LOYAL_BEFORE - 190)
		return; /* too young for a purchase before the windows */
	if (g->nloyals == g->loyals_cap) {
		g->loyals_cap = g->loyals_cap ? 2 * g->loyals_cap : 64;
		g->loyals = xreallocarray(g->loyals, g->loyals_cap, sizeof(*dr));
	}
	dr = &g->loyals[g->nloyals++];
	dr->co = *co;
	dr->contact = g->contacts[first];
	memcpy(dr->account_id, account_id, sizeof(dr->account_id));
	dr->owner = owner;
	dr->segment = segment;
	dr->day = day;
}

static void gen_account(struct gen *g)
{
	static const int contact_weight[3] = { 8, 5, 3 }; /* per segment A, B, C */
	static const int deal_tenths[3] = { 30, 12, 6 };
	const struct user *owner = gen_rep(g);
	int segment = gen_weighted(g, (const int[]){ 10, 30, 60 }, 3), ncontacts, ndeals, i;
	bool zh = owner->territory != TERR_OVERSEAS && gen_pct(g, 78);
	char phone[32], website[80], email[80], address[200], tags[128];
	const char *tag_list = NULL, *notes = NULL;
	struct company co;
	struct base b;
	sqlite3_stmt *st;
	int64_t want;
	time_t account_created;
	int day;
	bool drifting = false;

	gen_company(g, &co, owner->territory, zh);
	gen_digits(g, phone, cities[co.city].phone);
	snprintf(website, sizeof(website), "www.%s", co.domain);
	snprintf(email, sizeof(email), "%s@%s",
		 (const char *[]){ "info", "sales", "contact" }[gen_below(g, 3)], co.domain);
	gen_address(g, address, sizeof(address), &co);
	if (gen_pct(g, segment == 0 ? 80 : 35))
		tag_list = gen_tags(g, tags, sizeof(tags), account_tags,
				    (int)ARRAY_LEN(account_tags), gen_range(g, 1, 2));
	if (gen_pct(g, 20))
		notes = co.zh ? PICK(g, zh_account_notes) : PICK(g, en_account_notes);
	day = g->today - gen_range(g, 30, 1095);
	account_created = office_time(g, day);

	gen_new_base(g, &b, T_ACCOUNT);
	gen_stamp(g, &b, account_created, office_time(g, gen_range(g, day, g->today - 1)),
		  owner->id, owner->id);
	st = gen_begin_row(g, T_ACCOUNT, &b);
	if (st == NULL)
		return;
	bind_text(st, 9, co.name);
	bind_text(st, 10, industries[co.industry].name);
	bind_text(st, 11, territories[owner->territory]);
	bind_text(st, 12, (const char *[]){ "A", "B", "C" }[segment]);
	bind_text(st, 13, phone);
	bind_text(st, 14, email);
	bind_text(st, 15, website);
	bind_text(st, 16, address);
	bind_text(st, 17, tag_list);
	bind_text(st, 18, notes);
	gen_end_row(g, T_ACCOUNT, st);
	fts_start(g);
	fts_add(&g->title, co.name);
	fts_add(&g->body, industries[co.industry].name);
	fts_add(&g->body, phone);
	fts_add(&g->body, email);
	fts_add(&g->body, website);
	fts_add(&g->body, address);
	fts_add(&g->body, tag_list);
	fts_add(&g->body, notes);
	gen_fts_row(g, T_ACCOUNT, b.n);

	/* Contacts: about contact_weight for the segment, scaled so that the
	 * accounts left share the contacts left; every account has one. */
	want = g->contacts_total - g->contacts_done;
	if (g->accounts_left <= 1) {
		ncontacts = (int)want;
	} else {
		int64_t tenths = want * contact_weight[segment] * 100 / (g->accounts_left * 41);
		int64_t twice = 2 * tenths - 10; /* spread of 1 + uniform(0..spread), tenths */
		int spread = (int)(twice / 10) + (gen_below(g, 10) < twice % 10);

		ncontacts = 1 + gen_range(g, 0, spread < 0 ? 0 : spread);
		if (ncontacts > want - (g->accounts_left - 1))
			ncontacts = (int)(want - (g->accounts_left - 1));
		if (ncontacts < 1)
			ncontacts = 1;
	}
	g->accounts_left--;
	g->ncontacts = 0;
	for (i = 0; i < ncontacts && g->st == ST_OK; i++) {
		struct contact *c = gen_contact_slot(g);
		bool person_zh =
		    co.zh ? gen_pct(g, 75) : owner->territory != TERR_OVERSEAS && gen_pct(g, 20);

		gen_person(g, &c->p, person_zh);
		c->created_day = gen_range(g, day, g->today - 1);
		c->created = office_time(g, c->created_day);
		if (c->created < account_created)
			c->created = account_created + 600;
		gen_write_contact(g, c, &co, b.id, phone, address, owner->id);
	}

	/* Deals. */
	ndeals = deal_tenths[segment] / 10 + (gen_below(g, 10) < deal_tenths[segment] % 10);
	if (segment == 0)
		ndeals += gen_range(g, -1, 1);
	g->nopps = 0;
	g->account_won = false;
	for (i = 0; i < ndeals && g->st == ST_OK; i++) {
		struct deal d = { .co = &co,
				  .account_id = b.id,
				  .owner = owner->id,
				  .segment = segment,
				  .account_day = day };

		d.contact = &g->contacts[gen_below(g, (int)g->ncontacts)];
		gen_deal(g, &d, gen_opp_slot(g));
	}

	/* A customer drifting away (its purchases come at the end). */
	if (segment < 2 && day < g->today - 500) {
		gen_swap_streams(g, &g->drift_rng, &g->drift_ids);
		if (gen_pct(g, 33)) {
			struct drifter *dr;

			drifting = true;
			if (g->ndrifters == g->drifters_cap) {
				g->drifters_cap = g->drifters_cap ? 2 * g->drifters_cap : 64;
				g->drifters =
				    xreallocarray(g->drifters, g->drifters_cap, sizeof(*dr));
			}
			dr = &g->drifters[g->ndrifters++];
			dr->co = co;
			dr->contact = g->contacts[gen_below(g, (int)g->ncontacts)];
			memcpy(dr->account_id, b.id, sizeof(dr->account_id));
			dr->owner = owner->id;
			dr->segment = segment;
			dr->day = day;
		}
		gen_swap_streams(g, &g->drift_rng, &g->drift_ids);
	}
	if (!drifting)
		gen_pick_loyal(g, &co, b.id, owner->id, segment, day);

	/* The schedule and logs of each contact. */
	for (i = 0; i < (int)g->ncontacts && g->st == ST_OK; i++)
		gen_contact_work(g, &g->contacts[i], &co, b.id, address, owner->id);

	g->contacts_done += (int64_t)g->ncontacts;
	if (g->progress &&
	    (g->contacts_done >= g->progress_next || g->contacts_done == g->contacts_total)) {
		g->progress(g->contacts_done, g->contacts_total, g->ctx);
		g->progress_next = g->contacts_done + g->contacts_total / 100 + 1;
	}
}

/* ---------------------------------------------------------------- set-up */

/* The drifting customers' purchases of the year before: two to four won
 * deals, every 60-110 days back from 380 days ago, none before the account. */
static void gen_drifters(struct gen *g)
{
	size_t i;

	gen_swap_streams(g, &g->drift_rng, &g->drift_ids);
	for (i = 0; i < g->ndrifters && g->st == ST_OK; i++) {
		const struct drifter *dr = &g->drifters[i];
		int k, n = gen_range(g, 2, 4), won_day = g->today - 380;

		for (k = 0; k < n && won_day > dr->day + 20 && g->st == ST_OK; k++) {
			struct deal d = { .co = &dr->co,
					  .account_id = dr->account_id,
					  .owner = dr->owner,
					  .segment = dr->segment,
					  .account_day = dr->day,
					  .contact = &dr->contact,
					  .won_day = won_day };

			g->nopps = 0;
			gen_deal(g, &d, gen_opp_slot(g));
			won_day -= gen_range(g, 60, 110);
		}
	}
	gen_swap_streams(g, &g->drift_rng, &g->drift_ids);
}

/* The long-standing customers' purchases of their first years: from more
 * than two years ago (before the two windows `report churn` compares, so
 * its revenue figures stay as they were) back to their first months, every
 * 60-200 days, at most five. A deal runs up to 120 days before it is won
 * (gen_deal() moves a younger one later), so none closes in the first 125
 * days of the account or of its contact. */
static void gen_loyal(struct gen *g)
{
	size_t i;

	gen_swap_streams(g, &g->loyal_rng, &g->loyal_ids);
	for (i = 0; i < g->nloyals && g->st == ST_OK; i++) {
		const struct drifter *dr = &g->loyals[i];
		int k, won_day = g->today - LOYAL_BEFORE - gen_range(g, 2, 60);

		for (k = 0; k < 5 && won_day > dr->day + 125 && g->st == ST_OK; k++) {
			struct deal d = { .co = &dr->co,
					  .account_id = dr->account_id,
					  .owner = dr->owner,
					  .segment = dr->segment,
					  .account_day = dr->day,
					  .contact = &dr->contact,
					  .won_day = won_day };

			g->nopps = 0;
			gen_deal(g, &d, gen_opp_slot(g));
			won_day -= gen_range(g, 60, 200);
		}
	}
	gen_swap_streams(g, &g->loyal_rng, &g->loyal_ids);
}

static enum status gen_prepare(struct gen *g)
{
	char sql[1024];
	int t, rc, i, ncols;
	size_t len;

	for (t = 0; t < T_COUNT; t++) {
		const char *c;

		for (ncols = 1, c = gen_tables[t].cols; *c; c++)
			ncols += *c == ',';
		len = (size_t)snprintf(
		    sql, sizeof(sql),
		    "INSERT INTO \"%s\" (n, id, rev, created_at, updated_at, owner, "
		    "updated_by, deleted, seq, dirty, %s) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 1",
		    gen_tables[t].table, gen_tables[t].cols);
		for (i = 0; i < ncols; i++)
			len += (size_t)snprintf(sql + len, sizeof(sql) - len, ", ?");
		snprintf(sql + len, sizeof(sql) - len, ")");
		rc = sqlite3_prepare_v3(g->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &g->ins[t], NULL);
		if (rc != SQLITE_OK)
			return db_error(g->db, rc, _("preparing demo data"));
	}
	return ST_OK;
}

/* ST_OK if db has no records and has the default funnel. */
static enum status gen_check_empty(struct gen *g)
{
	char sql[160];
	sqlite3_stmt *st;
	int t, rc, found = 0;

	for (t = 0; t < T_COUNT; t++) {
		snprintf(sql, sizeof(sql), "SELECT 1 FROM \"%s\" LIMIT 1", gen_tables[t].table);
		rc = sqlite3_prepare_v2(g->h, sql, -1, &st, NULL);
		if (rc != SQLITE_OK)
			return db_error(g->db, rc, _("checking the database"));
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return status_set(
			    ST_INVALID,
			    _("%s: the database already holds %s; demo data goes only "
			      "into a new, empty database"),
			    db_path(g->db), gen_tables[t].table);
		if (rc != SQLITE_DONE)
			return db_error(g->db, rc, _("checking the database"));
	}
	/* The default funnel, and each stage's probability for the deals and
	 * their histories (the stage table is the one source of it). */
	rc = sqlite3_prepare_v2(g->h, "SELECT probability FROM stage WHERE deleted = 0 AND id = ?",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(g->db, rc, _("checking the database"));
	for (t = 0; t < S_COUNT; t++) {
		sqlite3_bind_text(st, 1, stage_ids[t], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			g->probability[t] = sqlite3_column_int(st, 0);
			found++;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (found != S_COUNT)
		return status_set(ST_INVALID,
				  _("%s: the default funnel stages are missing; demo "
				    "data goes only into a new database"),
				  db_path(g->db));
	return ST_OK;
}

static void gen_free(struct gen *g)
{
	int t;

	for (t = 0; t < T_COUNT; t++)
		sqlite3_finalize(g->ins[t]);
	strbuf_release(&g->title);
	strbuf_release(&g->body);
	free(g->contacts);
	free(g->opps);
	free(g->drifters);
	free(g->loyals);
	free(g->nurturers);
}

/* The id steps of each table, from about how many rows it will get. */
static void gen_size_ids(struct gen *g, int64_t contacts)
{
	int64_t want[T_COUNT] = {
		[T_USER] = g->nreps + 1,
		[T_ACCOUNT] = contacts / 4,
		[T_CONTACT] = contacts,
		[T_CAMPAIGN] = (int64_t)ARRAY_LEN(campaign_defs),
		[T_LEAD] = contacts / 5,
		[T_OPPORTUNITY] = contacts / 4,
		[T_STAGE_CHANGE] = contacts,
		[T_APPROVAL] = contacts / 10,
		[T_PRODUCT] = (int64_t)ARRAY_LEN(product_defs),
		[T_ACTIVITY] = g->acts_left,
		[T_FOLLOWUP] = g->logs_left,
		[T_HISTORY] = contacts * 5 / 4,
		[T_SNAPSHOT] = DEMO_CALLS,
		[T_ADJUSTMENT] = MAX_REPS,
		[T_CONSENT] = contacts / 2,
	};
	int t;

	for (t = 0; t < T_COUNT; t++) {
		uint64_t n = (uint64_t)(want[t] + want[t] / 10 + 8);

		g->idseqs[t].span = UINT64_MAX / n * 2;
	}
}

static void gen_fill_stats(const struct gen *g, struct demo_stats *s)
{
	s->users = g->written[T_USER];
	s->accounts = g->written[T_ACCOUNT];
	s->contacts = g->written[T_CONTACT];
	s->leads = g->written[T_LEAD];
	s->opportunities = g->written[T_OPPORTUNITY];
	s->stage_changes = g->written[T_STAGE_CHANGE];
	s->approvals = g->written[T_APPROVAL];
	s->activities = g->written[T_ACTIVITY];
	s->followups = g->written[T_FOLLOWUP];
	s->campaigns = g->written[T_CAMPAIGN];
	s->products = g->written[T_PRODUCT];
	s->histories = g->written[T_HISTORY];
	s->snapshots = g->written[T_SNAPSHOT];
	s->adjustments = g->written[T_ADJUSTMENT];
	s->consents = g->written[T_CONSENT];
	s->total = s->users + s->accounts + s->contacts + s->leads + s->opportunities +
		   s->stage_changes + s->approvals + s->activities + s->followups + s->campaigns +
		   s->products + s->histories + s->snapshots + s->adjustments + s->consents;
}

static const char *const zh_adjust_notes[] = {
	"大客户合同预计下月签署，上调承诺",
	"两单有推迟风险，下调承诺",
	"采购审批比预期慢，最佳情况下调",
};

/* The forecast calls of this quarter, frozen as forecast snapshots taken by
 * the manager (src/report/snapshot.h: one tab-separated line per rep), and
 * the manager's adjustments of a third of the reps' commit and best case,
 * made during the last call. Written after every other record, so their
 * randomness changes nothing else. */
static void gen_forecast_calls(struct gen *g)
{
	const struct user *boss = &g->users[0];
	struct forecast_row rows[MAX_REPS];
	struct forecast fc;
	char when[21], name[64], label[24];
	int k, i;

	memset(&fc, 0, sizeof(fc));
	fc.rows = rows;
	fc.n = (size_t)g->nreps;
	for (k = 0; k < g->ncalls && g->st == ST_OK; k++) {
		struct base b;
		sqlite3_stmt *st;
		char *figures;

		for (i = 1; i <= g->nreps; i++) {
			struct forecast_row *r = &rows[i - 1];

			memset(r, 0, sizeof(*r));
			r->owner = g->users[i].id;
			r->name = (char *)g->users[i].name;
			r->quota = g->users[i].quota;
			memcpy(r->by_category, g->call_fig[k][i], sizeof(r->by_category));
			r->weighted = g->call_fig[k][i][FC_COUNT] / 100;
		}
		figures = snapshot_format(&fc);
		clock_iso_utc(g->call_at[k], when);
		snprintf(name, sizeof(name), "Forecast call %.10s", when);
		gen_new_base(g, &b, T_SNAPSHOT);
		gen_stamp(g, &b, g->call_at[k], g->call_at[k], boss->id, boss->id);
		st = gen_begin_row(g, T_SNAPSHOT, &b);
		if (st != NULL) {
			bind_text(st, 9, name);
			bind_text(st, 10, "quarter");
			bind_text(st, 11, g->quarter.first);
			bind_text(st, 12, g->quarter.last);
			bind_text(st, 13, "team");
			bind_text(st, 14, when);
			bind_text(st, 15, boss->id);
			bind_text(st, 16, "CNY");
			bind_text(st, 17, figures);
			gen_end_row(g, T_SNAPSHOT, st);
		}
		free(figures);
	}
	if (g->ncalls == 0)
		return;
	k = g->ncalls - 1;
	report_span_label(&g->quarter, label);
	for (i = 1; i <= g->nreps && g->st == ST_OK; i++) {
		const int64_t *fig = g->call_fig[k][i];
		int64_t commit, best;
		struct base b;
		sqlite3_stmt *st;

		if (i % 3 != 1)
			continue;
		commit = fig[FC_COMMIT] * gen_range(g, 70, 120) / 100 / 1000000 * 1000000;
		best = (fig[FC_COMMIT] + fig[FC_BEST_CASE]) * gen_range(g, 60, 100) / 100 /
		       1000000 * 1000000;
		if (best < commit)
			best = commit;
		gen_new_base(g, &b, T_ADJUSTMENT);
		gen_stamp(g, &b, g->call_at[k] + 3600, g->call_at[k] + 3600, boss->id, boss->id);
		st = gen_begin_row(g, T_ADJUSTMENT, &b);
		if (st == NULL)
			return;
		bind_text(st, 9, g->users[i].id);
		bind_text(st, 10, NULL);
		bind_text(st, 11, label);
		bind_int(st, 12, commit);
		bind_int(st, 13, best);
		bind_text(st, 14, "CNY");
		bind_text(st, 15, PICK(g, zh_adjust_notes));
		gen_end_row(g, T_ADJUSTMENT, st);
	}
}

/* ---------------------------------------------------------------- consent */

static void gen_write_consent(struct gen *g, const char *contact, const char *owner,
			      const char *channel, bool withdrawn, time_t at, const char *method)
{
	struct base b;
	sqlite3_stmt *st;
	char when[21];

	gen_new_base(g, &b, T_CONSENT);
	gen_stamp(g, &b, at, at, owner, owner);
	st = gen_begin_row(g, T_CONSENT, &b);
	if (st == NULL)
		return;
	clock_iso_utc(clamp_time(at, 0, g->now), when);
	bind_text(st, 9, contact);
	bind_text(st, 10, channel);
	bind_text(st, 11, withdrawn ? "withdrawn" : "given");
	bind_text(st, 12, when);
	bind_text(st, 13, method);
	bind_text(st, 14, owner);
	bind_text(st, 15, NULL);
	gen_end_row(g, T_CONSENT, st);
}

/* Marketing consent, generated last so the rest of the demo is unchanged:
 * a quarter of the contacts agreed to email when they were met (15% of them
 * unsubscribed since), a tenth to phone calls (a fifth of those withdrew),
 * some to SMS and post. */
static void gen_consents(struct gen *g)
{
	static const char *const zh_how[] = { "官网表单", "展会登记", "合同条款" };
	static const char *const en_how[] = { "web form", "trade fair", "contract clause" };
	static const struct {
		const char *channel;
		int given, withdrawn; /* percent of contacts, percent of those given */
	} plan[] = { { "email", 25, 15 }, { "phone", 10, 20 }, { "sms", 5, 0 }, { "post", 2, 0 } };
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(g->h,
				"SELECT id, created_at, owner, name GLOB '*[^ -~]*' FROM "
				"contact ORDER BY n",
				-1, &st, NULL);
	if (rc != SQLITE_OK) {
		g->st = db_error(g->db, rc, _("writing demo data"));
		return;
	}
	while (g->st == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *owner = (const char *)sqlite3_column_text(st, 2);
		long long created = clock_utc_seconds((const char *)sqlite3_column_text(st, 1));
		bool zh = sqlite3_column_int(st, 3) != 0;
		size_t i;

		for (i = 0; i < ARRAY_LEN(plan); i++) {
			time_t given, out;

			if (!gen_pct(g, plan[i].given))
				continue;
			given = (time_t)created + (time_t)gen_range(g, 0, 30) * DAY;
			if (given >= g->now)
				given = (time_t)created;
			gen_write_consent(g, id, owner, plan[i].channel, false, given,
					  zh ? PICK(g, zh_how) : PICK(g, en_how));
			if (!gen_pct(g, plan[i].withdrawn) || given + DAY >= g->now)
				continue;
			out = given + (time_t)gen_range(g, 1, (int)((g->now - given) / DAY)) * DAY;
			gen_write_consent(g, id, owner, plan[i].channel, true, out,
					  zh ? "退订链接" : "unsubscribe link");
		}
	}
	if (g->st == ST_OK && rc != SQLITE_DONE)
		g->st = db_error(g->db, rc, _("writing demo data"));
	sqlite3_finalize(st);
}

/*
 * The nurturing leads' cadence as a rep keeps it (issue 14), by the rules of
 * src/nurture.c: the next touch is an activity of the lead's owner, due a
 * cadence after its last touch (its newest log since it entered nurturing,
 * else nurture_since), an email when the lead has an email and no phone, else
 * a call. A lead whose touch fell due before today was touched again, within
 * the last cadence, three times out of four (a log naming the next touch);
 * the rest are overdue, their touch still planned on the day it fell due,
 * and so is each rep's first such lead, so that every rep's Today shows one.
 * Written last, from streams of their own, so every other record is as it was.
 */
static void gen_nurture(struct gen *g)
{
	int behind[1 + MAX_REPS] = { 0 }; /* per user: touches fallen due so far */
	size_t i;

	gen_swap_streams(g, &g->nurture_rng, &g->nurture_ids);
	for (i = 0; i < g->nnurturers && g->st == ST_OK; i++) {
		const struct nurturer *nu = &g->nurturers[i];
		time_t last = nu->last ? nu->last : nu->since;
		int due = local_day(last) + nu->cadence;
		struct act a = { .kind = nu->email_only ? K_EMAIL : K_CALL,
				 .status = A_PLANNED,
				 .related = nu->id };
		struct activity_row row = {
			.a = &a, .priority = "normal", .reminder = -1, .owner = nu->owner
		};
		char subject[128];

		int k;

		for (k = 0; k <= g->nreps && g->users[k].id != nu->owner; k++)
			;
		if (due < g->today && k <= g->nreps && behind[k]++ > 0 && gen_pct(g, 75)) {
			int lo = g->today - nu->cadence + 1, day;
			struct log_row l = { .related = nu->id,
					     .channel = kind_channels[a.kind],
					     .zh = nu->zh,
					     .owner = nu->owner };

			day = gen_range(g, lo > local_day(last) + 1 ? lo : local_day(last) + 1,
					g->today - 1);
			l.at = clamp_time(office_time(g, day), last + 60, g->now - 60);
			l.next_day = local_day(l.at) + nu->cadence;
			gen_write_log(g, &l);
			last = l.at;
			due = l.next_day;
		}
		a.day = due;
		snprintf(subject, sizeof(subject), nu->zh ? "培育%s" : "Nurture %s", nu->name);
		row.subject = subject;
		row.created = row.updated = last;
		gen_write_activity(g, &row);
	}
	gen_swap_streams(g, &g->nurture_rng, &g->nurture_ids);
}

/* Everything after the checks, inside the transaction. */
static void gen_all(struct gen *g, int64_t contacts)
{
	int64_t leads = contacts / 5 > 0 ? contacts / 5 : 1;
	char seq[24];

	g->conversions_left = leads / 10;
	gen_users(g, contacts);
	gen_campaigns(g);
	gen_products(g);
	gen_open_leads(g, leads - g->conversions_left);
	g->accounts_left = contacts / 4 > 0 ? contacts / 4 : 1;
	while (g->contacts_done < g->contacts_total && g->st == ST_OK)
		gen_account(g);
	if (g->st == ST_OK)
		gen_drifters(g);
	if (g->st == ST_OK)
		gen_loyal(g);
	if (g->st == ST_OK)
		gen_forecast_calls(g);
	if (g->st == ST_OK)
		gen_consents(g);
	if (g->st == ST_OK)
		gen_nurture(g);
	if (g->st != ST_OK)
		return;
	snprintf(seq, sizeof(seq), "%lld", (long long)g->seq);
	g->st = db_meta_set(g->db, "change_seq", seq);
	if (g->st == ST_OK)
		g->st = db_meta_set(g->db, "current_user", g->users[1].id);
	if (g->st == ST_OK)
		g->st = db_meta_set(g->db, "currency", "CNY");
}

static enum status gen_check(struct db *db, void *ctx)
{
	(void)db;
	return gen_check_empty(ctx);
}

/* The checks and the writing, in one bulk load (src/bulk.h). */
static enum status gen_run(struct gen *g, int64_t contacts)
{
	char *seq;
	enum status rc;
	bool fresh;
	int t;

	for (t = 0; t < T_COUNT; t++) {
		g->bulk_tables[t].table = gen_tables[t].table;
		g->bulk_tables[t].fts = gen_tables[t].fts;
	}
	/* Checked again inside the load's transaction; this one only tells the
	 * load that the file is new (it then gets bigger pages, src/bulk.c). */
	fresh = gen_check_empty(g) == ST_OK;
	rc = bulk_begin(g->db, g->bulk_tables, T_COUNT,
			BULK_DROP_INDEXES | BULK_THREADS | (fresh ? BULK_NEW_FILE : 0), gen_check,
			g, &g->bulk);
	if (rc != ST_OK)
		return rc;
	rc = gen_prepare(g);
	if (rc == ST_OK) {
		seq = db_meta_get(g->db, "change_seq");
		g->seq = seq ? strtoll(seq, NULL, 10) : 0;
		free(seq);
		if (g->progress)
			g->progress(0, contacts, g->ctx);
		gen_all(g, contacts);
		rc = g->st;
	}
	return bulk_end(&g->bulk, rc);
}

/* The forecast calls: Mondays at 10:00 of this quarter before now, the last
 * DEMO_CALLS of them. */
static void gen_plan_calls(struct gen *g)
{
	char today[11], first[11];
	int day, n = 0, k;
	time_t at[DEMO_CALLS];

	fmt_date(g->today, today);
	if (!report_span_of(REPORT_QUARTER, today, &g->quarter))
		return;
	for (day = g->today; n < DEMO_CALLS; day--) {
		fmt_date(day, first);
		if (strcmp(first, g->quarter.first) < 0)
			break;
		if (weekday(day) == 0 && local_time(day, 10 * 60) < g->now)
			at[n++] = local_time(day, 10 * 60);
	}
	for (k = 0; k < n; k++)
		g->call_at[k] = at[n - 1 - k];
	g->ncalls = n;
}

enum status demo_generate(struct db *db, const struct demo_options *opt, struct demo_stats *stats)
{
	static const struct demo_options defaults = DEMO_OPTIONS_DEFAULT;
	struct gen g = { .db = db, .st = ST_OK };
	int64_t contacts;
	enum status rc;
	int i;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (opt == NULL)
		opt = &defaults;
	contacts = opt->contacts > 0 ? opt->contacts : 2000;
	if (contacts > DEMO_MAX_CONTACTS)
		return status_set(ST_INVALID, _("demo data: at most %d contacts"),
				  DEMO_MAX_CONTACTS);
	if (db_readonly(db))
		return status_set(ST_READONLY,
				  _("%s: the database is read-only; nothing was changed"),
				  db_path(db));
	g.h = db_handle(db);
	g.now = clock_now();
	g.today = local_day(g.now);
	gen_plan_calls(&g);
	g.rng = mix64(opt->seed ^ 0x5a17e57e12d3c0deULL);
	g.ids = mix64(opt->seed + 0x1d5eedULL);
	g.hist_rng = mix64(opt->seed ^ 0x415702e5ULL);
	g.hist_ids = mix64(opt->seed + 0x415702e5ULL);
	g.drift_rng = mix64(opt->seed ^ 0x0c4a5e14ULL);
	g.drift_ids = mix64(opt->seed + 0x0c4a5e14ULL);
	g.loyal_rng = mix64(opt->seed ^ 0x10ea17c5ULL);
	g.loyal_ids = mix64(opt->seed + 0x10ea17c5ULL);
	g.nurture_rng = mix64(opt->seed ^ 0x7c0c4de5ULL);
	g.nurture_ids = mix64(opt->seed + 0x7c0c4de5ULL);
	g.contacts_total = contacts;
	g.contacts_left = contacts;
	g.acts_left = 3 * contacts < MAX_ACTIVITIES ? 3 * contacts : MAX_ACTIVITIES;
	g.logs_left = 2 * contacts < MAX_FOLLOWUPS ? 2 * contacts : MAX_FOLLOWUPS;
	g.nreps = (int)(contacts / 250 < 3	    ? 3
			: contacts / 250 > MAX_REPS ? MAX_REPS
						    : contacts / 250);
	g.progress = opt->progress;
	g.ctx = opt->ctx;
	for (i = 0; i < (int)ARRAY_LEN(surnames); i++)
		g.surname_total += surnames[i].weight;
	gen_size_ids(&g, contacts);

	rc = gen_run(&g, contacts);
	if (rc == ST_OK && stats)
		gen_fill_stats(&g, stats);
	gen_free(&g);
	return rc;
}
