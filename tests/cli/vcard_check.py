"""vcard_check.py FILE - read a vCard file with python3-vobject (a parser we
did not write) and print each card as one line of JSON, its properties by
name: [{"value": ..., "params": {...}}, ...] (structured values as lists)."""
import json
import sys

import vobject


def plain(v):
    if isinstance(v, (vobject.vcard.Name,)):
        return [v.family, v.given, v.additional, v.prefix, v.suffix]
    if isinstance(v, (vobject.vcard.Address,)):
        return [v.box, v.extended, v.street, v.city, v.region, v.code, v.country]
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v if isinstance(v, str) else str(v)


with open(sys.argv[1], encoding="utf-8", newline="") as f:
    text = f.read()
for card in vobject.readComponents(text):
    out = {}
    for name, lines in card.contents.items():
        out[name] = [{"value": plain(l.value),
                      "params": {k.lower(): [p.lower() for p in v] for k, v in l.params.items()}}
                     for l in lines]
    print(json.dumps(out, ensure_ascii=False, sort_keys=True))
