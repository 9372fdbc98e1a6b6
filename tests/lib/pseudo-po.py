#!/usr/bin/env python3
"""pseudo-po.py POT PO - a pseudo-locale catalogue: every message of POT
"translated" by writing its ASCII letters as accented look-alikes
(Contacts -> Çöñţàçţš), format directives and escapes kept as they are.

Run the screens with it and any plain English word still on the screen is
a string that does not go through gettext (tests/tui/pseudo.sh). The look-
alikes are one column wide each, so the layout stays as in English."""

import re
import sys

LOWER = "àƀçďéƒĝĥíĵķĺɱñöþɋŕšţüṽŵẋýž"
UPPER = "ÀɃÇĎÉƑĜĤÍĴĶĹṀÑÖÞɊŔŠŢÜṼŴẊÝŽ"
TABLE = str.maketrans("abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ", LOWER + UPPER)

# A printf directive (with an optional %N$ position), or a backslash escape
# of the PO syntax: both kept as written.
KEEP = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspn%]|\\.")


def pseudo(s):
    out, last = [], 0
    for m in KEEP.finditer(s):
        out.append(s[last:m.start()].translate(TABLE))
        out.append(m.group(0))
        last = m.end()
    out.append(s[last:].translate(TABLE))
    return "".join(out)


def entries(lines):
    """(msgid, msgid_plural) of each message, as written in the POT (escaped)."""
    cur, key = {}, None
    for line in lines + [""]:
        line = line.rstrip("\n")
        if line.startswith('"') and key:
            cur[key] += line[1:-1]
            continue
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
        if m:
            # A message starts at its msgctxt, or at its msgid without one.
            if m.group(1) in ("msgctxt", "msgid") and "msgid" in cur:
                yield cur
                cur = {}
            key = m.group(1)
            cur[key] = m.group(2)
            continue
        key = None
    if "msgid" in cur:
        yield cur


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.readlines()
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n'
                  '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
        for e in entries(lines):
            if e["msgid"] == "":
                continue
            if "msgctxt" in e:
                out.write('msgctxt "%s"\n' % e["msgctxt"])
            out.write('msgid "%s"\n' % e["msgid"])
            if "msgid_plural" in e:
                out.write('msgid_plural "%s"\n' % e["msgid_plural"])
                out.write('msgstr[0] "%s"\n' % pseudo(e["msgid"]))
                out.write('msgstr[1] "%s"\n\n' % pseudo(e["msgid_plural"]))
            else:
                out.write('msgstr "%s"\n\n' % pseudo(e["msgid"]))


if __name__ == "__main__":
    main()
