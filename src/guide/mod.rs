//! A one-matter service guide (办事指南) as one standalone HTML page: every
//! section of the matter, its forms appended one per printed page, inline
//! CSS, no scripts, nothing fetched, so it opens from disk and prints as
//! the widget's detail view does. `matter-search guide` writes it.
//!
//! ```
//! use matter_search::catalogue::{Matter, TimeLimit};
//! use matter_search::guide::{guide_html, GuideContext};
//!
//! let m = Matter {
//!     id: "x".into(),
//!     name: "技术出口合同登记".into(),
//!     time_limit: Some(TimeLimit { statutory_days: Some(3), ..Default::default() }),
//!     ..Default::default()
//! };
//! let html = guide_html(&m, &GuideContext { catalogue: "商务部政务大厅", ..Default::default() });
//! assert!(html.contains("<h1>技术出口合同登记</h1>") && !html.contains("<script"));
//! ```

use crate::catalogue::{DayUnit, FormKind, Matter, Status};
use crate::deadline::Due;

/// What the page says besides the matter itself.
#[derive(Clone, Debug, Default)]
pub struct GuideContext<'a> {
    /// The catalogue's title.
    pub catalogue: &'a str,
    /// The department's name (the matter stores its id).
    pub department: Option<&'a str>,
    /// A due date to print, for a submission date.
    pub due: Option<Due>,
}

/// The sections, in the order of the national 办事指南 and of the widget.
pub const SECTIONS: [&str; 11] = [
    "基本信息",
    "设定依据",
    "受理条件",
    "申请材料",
    "办理流程",
    "办理时限",
    "收费标准",
    "办理地点与时间",
    "咨询与监督投诉",
    "常见问题",
    "空白表格与示范文本",
];

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const NOT_GIVEN: &str = "未提供";

const CSS: &str = "
body { font: 11pt/1.6 \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif; color: #000; background: #fff; max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem; }
header p { margin: 0; color: #333; }
h1 { font-size: 1.5rem; margin: 0.3rem 0 0.5rem; }
h2 { font-size: 1.1rem; border-bottom: 1px solid #000; padding-bottom: 0.15rem; margin: 1.2rem 0 0.5rem; break-after: avoid; }
h3 { font-size: 1rem; margin: 0.4rem 0; }
dl.pairs { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.pairs dt { font-weight: 600; }
dl.pairs dd { margin: 0; }
ol { padding-left: 1.5rem; }
li { margin: 0.2rem 0; }
.law { font-weight: 600; margin: 0; }
.law-text { margin: 0.1rem 0 0.4rem; }
.none { color: #555; }
.notice { border: 1px solid #000; padding: 0.4rem 0.6rem; }
.due { border: 1px solid #000; padding: 0.4rem 0.6rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
td.blank { height: 1.6rem; }
.form { break-before: page; }
.form .kind { margin: 0; color: #333; }
footer { margin-top: 2rem; font-size: 9pt; color: #333; }
@page { size: A4; margin: 18mm 16mm; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: #000; text-decoration: none; } }
";

fn pairs(rows: &[(&str, Option<String>)]) -> Option<String> {
    let rows: Vec<String> = rows
        .iter()
        .filter_map(|(k, v)| {
            let v = v.as_ref().filter(|v| !v.is_empty())?;
            Some(format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(v)))
        })
        .collect();
    (!rows.is_empty()).then(|| format!("<dl class=\"pairs\">{}</dl>", rows.concat()))
}

fn days(n: u32, unit: DayUnit) -> String {
    if n == 0 {
        "即办".into()
    } else {
        match unit {
            DayUnit::Working => format!("{n} 个工作日"),
            DayUnit::Calendar => format!("{n} 个自然日"),
        }
    }
}

/// The page being written, and the sections the record leaves empty: those
/// are named together on one line (as the widget does), not printed one
/// by one as a wall of 未提供.
struct Page {
    out: String,
    empty: Vec<&'static str>,
}

impl Page {
    fn section(&mut self, i: usize, body: Option<String>) {
        match body {
            Some(b) => self.out.push_str(&format!(
                "<section class=\"sec\"><h2>{}</h2>{b}</section>\n",
                SECTIONS[i]
            )),
            None => self.empty.push(SECTIONS[i]),
        }
    }

    fn name_empty_sections(&mut self) {
        if !self.empty.is_empty() {
            self.out.push_str(&format!(
                "<section class=\"sec\"><p class=\"none\">{NOT_GIVEN}：{}</p></section>\n",
                self.empty.join("、")
            ));
        }
    }
}

/// The whole page.
pub fn guide_html(m: &Matter, ctx: &GuideContext<'_>) -> String {
    let mut o = String::new();
    o.push_str("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    o.push_str(&format!("<title>{} — 办事指南</title>", esc(&m.name)));
    o.push_str("<style>");
    o.push_str(CSS);
    o.push_str("</style></head><body>\n<header>");
    if !ctx.catalogue.is_empty() {
        o.push_str(&format!("<p>{}</p>", esc(ctx.catalogue)));
    }
    o.push_str(&format!("<p>办事指南</p><h1>{}</h1>", esc(&m.name)));
    if let Some(d) = ctx.department.or(m.department.as_deref()) {
        o.push_str(&format!("<p class=\"dept\">{}</p>", esc(d)));
    }
    o.push_str("</header>\n<main>\n");
    if m.status != Status::Active {
        let what = if m.status == Status::Abolished {
            "本事项已取消"
        } else {
            "本事项已下放"
        };
        let date = m
            .status_date
            .as_deref()
            .map(|d| format!("（{}）", esc(d)))
            .unwrap_or_default();
        let note = m
            .status_note
            .as_deref()
            .map(|n| format!("<p>{}</p>", esc(n)))
            .unwrap_or_default();
        o.push_str(&format!(
            "<div class=\"notice\"><strong>{what}{date}</strong>{note}</div>\n"
        ));
    }
    let result = m.result.as_ref().map(|r| {
        let mut s = r.name.clone().unwrap_or_default();
        if let Some(k) = &r.kind {
            s.push_str(&format!("（{k}）"));
        }
        s
    });
    let mut page = Page {
        out: o,
        empty: Vec::new(),
    };
    page.section(
        0,
        pairs(&[
            ("事项编码", m.code.clone()),
            ("事项类型", m.kind.map(|k| k.as_str().to_string())),
            (
                "实施主体",
                ctx.department.map(str::to_string).or(m.department.clone()),
            ),
            (
                "服务对象",
                (!m.targets.is_empty()).then(|| m.targets.join("、")),
            ),
            ("行使层级", m.level.clone()),
            ("办件类型", m.case_type.clone()),
            ("审批结果", result),
            ("到办事现场次数", m.visits.map(|v| format!("{v} 次"))),
            (
                "网上办理",
                m.online.as_ref().map(|x| {
                    [x.depth.clone(), x.url.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ")
                }),
            ),
        ]),
    );
    let basis = (!m.basis.is_empty()).then(|| {
        let items: Vec<String> = m
            .basis
            .iter()
            .map(|b| {
                let article = b
                    .article
                    .as_deref()
                    .map(|a| format!(" {}", esc(a)))
                    .unwrap_or_default();
                let text = b
                    .text
                    .as_deref()
                    .map(|t| format!("<p class=\"law-text\">{}</p>", esc(t)))
                    .unwrap_or_default();
                format!(
                    "<li><p class=\"law\">{}{article}</p>{text}</li>",
                    esc(&b.title)
                )
            })
            .collect();
        format!("<ol>{}</ol>", items.concat())
    });
    page.section(1, basis);
    let list = |items: &[String]| {
        (!items.is_empty()).then(|| {
            let li: Vec<String> = items
                .iter()
                .map(|c| format!("<li>{}</li>", esc(c)))
                .collect();
            format!("<ol>{}</ol>", li.concat())
        })
    };
    page.section(2, list(&m.conditions));
    let materials = (!m.materials.is_empty()).then(|| {
        let rows: Vec<String> = m
            .materials
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let req = if x.required == Some(false) { "非必要" } else { "必要" };
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{req}</td><td>{}</td><td>{}</td></tr>",
                    i + 1,
                    esc(&x.name),
                    esc(x.form.as_deref().unwrap_or("")),
                    x.copies.map(|c| c.to_string()).unwrap_or_default(),
                    esc(x.source.as_deref().unwrap_or("")),
                    esc(x.note.as_deref().unwrap_or("")),
                )
            })
            .collect();
        format!(
            "<table><thead><tr><th>序号</th><th>材料名称</th><th>形式</th><th>份数</th><th>必要性</th><th>来源渠道</th><th>备注</th></tr></thead><tbody>{}</tbody></table>",
            rows.concat()
        )
    });
    page.section(3, materials);
    let steps = (!m.procedure.is_empty()).then(|| {
        let li: Vec<String> = m
            .procedure
            .iter()
            .map(|s| {
                let d = s.days.map(|d| format!("（{d} 日）")).unwrap_or_default();
                let desc = s
                    .description
                    .as_deref()
                    .map(|t| format!("<p>{}</p>", esc(t)))
                    .unwrap_or_default();
                format!("<li><strong>{}</strong>{d}{desc}</li>", esc(&s.step))
            })
            .collect();
        format!("<ol>{}</ol>", li.concat())
    });
    page.section(4, steps);
    let limit = m.time_limit.as_ref().map(|t| {
        let mut s = pairs(&[
            ("法定办结时限", t.statutory_days.map(|d| days(d, t.unit))),
            ("承诺办结时限", t.promised_days.map(|d| days(d, t.unit))),
            ("说明", t.note.clone()),
        ])
        .unwrap_or_default();
        if let Some(due) = &ctx.due {
            s.push_str(&format!(
                "<p class=\"due\">{} 提交，预计最晚 {} 月 {} 日前办结（{}，不含受理当日，按国务院公布的节假日安排计算）</p>",
                due.submitted,
                due.due.month,
                due.due.day,
                match due.basis {
                    crate::deadline::LimitBasis::Promised => "按承诺时限",
                    crate::deadline::LimitBasis::Statutory => "按法定时限",
                }
            ));
        }
        s
    });
    page.section(5, limit);
    let fee = m.fee.as_ref().and_then(|f| {
        pairs(&[
            (
                "是否收费",
                Some(
                    if f.charged {
                        "是"
                    } else {
                        "否（不收费）"
                    }
                    .to_string(),
                ),
            ),
            ("收费标准", f.standard.clone()),
            ("收费依据", f.basis.clone()),
        ])
    });
    page.section(6, fee);
    page.section(
        7,
        pairs(&[
            ("办理地点", m.location.clone()),
            ("办理时间", m.hours.clone()),
        ]),
    );
    page.section(
        8,
        pairs(&[
            ("咨询方式", m.contact.clone()),
            ("监督投诉方式", m.complaint.clone()),
        ]),
    );
    let faq = (!m.faq.is_empty()).then(|| {
        let items: Vec<String> = m
            .faq
            .iter()
            .map(|f| format!("<dt>{}</dt><dd>{}</dd>", esc(&f.question), esc(&f.answer)))
            .collect();
        format!("<dl>{}</dl>", items.concat())
    });
    page.section(9, faq);
    if let Some(n) = &m.notes {
        page.out.push_str(&format!(
            "<section class=\"sec\"><h2>备注</h2><p>{}</p></section>\n",
            esc(n)
        ));
    }
    page.name_empty_sections();
    if !m.forms.is_empty() {
        page.out
            .push_str(&format!("<section class=\"sec\"><h2>{}</h2>", SECTIONS[10]));
        page.out.push_str(&format!(
            "<p>共 {} 份，见以下各页。</p></section>\n",
            m.forms.len()
        ));
        for f in &m.forms {
            let sample = f.kind == FormKind::Sample;
            page.out.push_str("<section class=\"form\">");
            page.out.push_str(&format!(
                "<p class=\"kind\">{}</p><h3>{}</h3>",
                if sample {
                    "示范文本"
                } else {
                    "空白表格"
                },
                esc(&f.title)
            ));
            if !f.fields.is_empty() {
                let rows: Vec<String> = f
                    .fields
                    .iter()
                    .map(|x| {
                        let v = if sample {
                            esc(x.example.as_deref().unwrap_or(""))
                        } else {
                            String::new()
                        };
                        format!(
                            "<tr><th scope=\"row\">{}</th><td class=\"blank\">{v}</td></tr>",
                            esc(&x.label)
                        )
                    })
                    .collect();
                let head = if sample { "示例" } else { "" };
                page.out.push_str(&format!(
                    "<table><thead><tr><th scope=\"col\">填写项</th><th scope=\"col\">{head}</th></tr></thead><tbody>{}</tbody></table>",
                    rows.concat()
                ));
            }
            if let Some(t) = &f.text {
                page.out.push_str(&format!("<p>{}</p>", esc(t)));
            }
            page.out.push_str("</section>\n");
        }
    }
    page.out.push_str("</main>\n<footer>本指南由 matter-search 根据目录数据生成；以办理机关公布的信息为准。</footer>\n</body></html>\n");
    page.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Form, FormField};

    #[test]
    fn text_is_escaped_and_forms_get_their_own_pages() {
        let m = Matter {
            id: "x".into(),
            name: "<script>alert(1)</script>".into(),
            forms: vec![
                Form {
                    id: "a".into(),
                    title: "甲表".into(),
                    kind: FormKind::Blank,
                    fields: vec![FormField {
                        label: "姓名".into(),
                        example: None,
                    }],
                    text: None,
                },
                Form {
                    id: "b".into(),
                    title: "乙表".into(),
                    kind: FormKind::Sample,
                    fields: vec![FormField {
                        label: "姓名".into(),
                        example: Some("张三".into()),
                    }],
                    text: None,
                },
            ],
            ..Default::default()
        };
        let html = guide_html(&m, &GuideContext::default());
        assert!(!html.contains("<script"));
        assert!(html.contains("&lt;script&gt;"));
        assert_eq!(html.matches("<section class=\"form\">").count(), 2);
        assert!(html.contains("张三"));
        for s in SECTIONS {
            assert!(html.contains(s), "{s}");
        }
    }

    #[test]
    fn empty_sections_are_named_on_one_line() {
        let m = Matter {
            id: "x".into(),
            name: "食品经营许可".into(),
            conditions: vec!["有与经营的食品品种相适应的经营场所".into()],
            ..Default::default()
        };
        let html = guide_html(&m, &GuideContext::default());
        assert_eq!(html.matches("未提供").count(), 1, "{html}");
        let line = html
            .split("未提供：")
            .nth(1)
            .and_then(|l| l.split('<').next());
        let line = line.expect("the empty sections' line");
        assert!(line.starts_with(SECTIONS[0]), "{line}");
        assert!(
            line.contains(SECTIONS[1]) && !line.contains(SECTIONS[2]),
            "{line}"
        );
        assert!(html.contains(&format!("<h2>{}</h2>", SECTIONS[2])));
    }
}
