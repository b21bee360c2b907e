#!/usr/bin/env python3
"""Writes tests/parity/queries.jsonl: the fixed query list of the native/WASM
parity test. Deterministic (no randomness): picks names, substrings, word
pairs, codes, filters and hostile input from both catalogues by position.
Re-run only to extend the list; the committed file is the list."""
import json, os, sys

root = os.path.dirname(os.path.abspath(__file__))
proj = os.path.dirname(os.path.dirname(root))
mof = json.load(open(os.path.join(proj, "data/mofcom.json"), encoding="utf-8"))
dis = json.load(open(os.path.join(proj, "../shared/data/real/sichuan-guangan-district-matters.json"), encoding="utf-8"))
dis_rows = dis["matters"] if isinstance(dis, dict) and "matters" in dis else dis

out = []
def add(cat, q, options=None):
    rec = {"catalogue": cat, "q": q}
    if options:
        rec["options"] = options
    out.append(rec)

def queries_for(cat, names, codes, depts):
    n = len(names)
    step = max(1, n // 40)
    for i in range(0, n, step):
        name = names[i]
        add(cat, name)                                   # exact name
        if len(name) >= 4:
            add(cat, name[1:4])                          # inner substring
            add(cat, name[:2])                           # prefix while typing
        if len(name) >= 6:
            add(cat, name[:2] + " " + name[-2:])         # two words
            add(cat, name[-3:] + name[:2])               # words out of order
    for c in codes[:: max(1, len(codes) // 8)][:8]:
        add(cat, c)
        add(cat, c[:6])
    for d in depts[:4]:
        add(cat, "许可", {"filters": {"department": d}})
    add(cat, "申请", {"limit": 5, "offset": 5})
    add(cat, "登记", {"filters": {"kind": ["行政许可", "行政确认"]}})
    add(cat, "证明", {"filters": {"maxDays": 20}})
    add(cat, "", {"filters": {"free": True}})
    add(cat, "备案", {"filters": {"online": True, "status": "active"}})
    add(cat, "许可", {"weights": {"name": 1, "conditions": 10}})
    for q in ["<img src=x onerror=alert(1)>", "'; DROP TABLE", "😀😀", "ｘｙｚ１２３", "A", "　",
              "行政许可" * 80, "对外贸易经营者备案登记", "營業執照", "duiwaimaoyi", "dwmy", "两用 物项 出口",
              "1000", "许可证", "%%%", "的", "a b c d e f g"]:
        add(cat, q)
    # Query understanding (issue 6): pinyin full, spaced, initials, mixed and
    # while typing; traditional characters; synonyms; typos in pinyin, Latin
    # words and Han characters; heteronyms.
    for q in ["liangyongwuxiang", "liang yong wu xiang", "lywx", "对外my", "dwmaoyi", "duiwai maoyi",
              "dwm", "l", "zh", "兩用物項", "對外貿易", "辦理條件", "衛生許可", "學校", "外资", "外贸",
              "直销", "反倾销", "许可证", "duiwaimaoyii", "lianyongwuxiang", "两用物相", "营业执炤",
              "zhixiao", "fanqingxiao", "yinhang", "chongqing", "jishu chukou", "jsck", "weisheng xuke",
              "wsxk", "jiaoyu", "minban xuexiao", "tudi", "xingzheng xuke", "xzxk", "techonlogy"]:
        add(cat, q)

mof_names = [m["name"] for m in mof["matters"]]
mof_codes = [m["code"] for m in mof["matters"] if m.get("code")]
mof_depts = [d["id"] for d in mof.get("departments", [])]
queries_for("mofcom", mof_names, mof_codes, mof_depts)

dis_names = [r.get("name") or r.get("item_name") for r in dis_rows]
dis_names = [x for x in dis_names if x]
dis_codes = [r.get("item_code") for r in dis_rows if r.get("item_code")]
dis_depts = []
for r in dis_rows:
    d = r.get("department") or r.get("dept_name")
    if d and d not in dis_depts:
        dis_depts.append(d)
queries_for("district", dis_names, dis_codes, dis_depts)

with open(os.path.join(root, "queries.jsonl"), "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
from collections import Counter
print(Counter(r["catalogue"] for r in out), file=sys.stderr)
