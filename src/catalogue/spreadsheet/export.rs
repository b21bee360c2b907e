//! Catalogue → XLSX workbook, in the layout the importer reads back:
//! 目录, 部门, 事项, then one sheet per repeated element (设定依据, 申请材料,
//! 办理流程, 表格, 常见问题) joined by 事项ID. `matter-search convert` uses it,
//! and it writes `data/templates/catalogue-template.xlsx`.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::super::model::{Catalogue, DayUnit, FormKind, Matter, Status};

/// A cell to write.
enum V {
    S(String),
    N(f64),
    Empty,
}

fn s(x: &str) -> V {
    V::S(x.to_string())
}
fn os(x: &Option<String>) -> V {
    x.as_deref().map_or(V::Empty, s)
}
fn on(x: Option<u32>) -> V {
    x.map_or(V::Empty, |n| V::N(n as f64))
}

/// One value per line. A single value that holds `；` gets a trailing line
/// break, so that reading it back splits on lines, not on `；`.
fn list(items: &[String]) -> V {
    if items.is_empty() {
        return V::Empty;
    }
    let mut t = items.join("\n");
    if items.len() == 1 && t.contains(['；', ';', '、', '，', ',']) {
        t.push('\n');
    }
    V::S(t)
}

struct Writer {
    header: Format,
    wrap: Format,
}

impl Writer {
    fn sheet(
        &self,
        ws: &mut Worksheet,
        name: &str,
        headers: &[&str],
        rows: &[Vec<V>],
    ) -> Result<(), XlsxError> {
        ws.set_name(name)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &self.header)?;
            let width = if h.contains("名称") || h.contains("条件") || h.contains("内容") {
                30
            } else {
                14
            };
            ws.set_column_width(c as u16, width)?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    V::S(t) if t.contains('\n') => {
                        ws.write_string_with_format(r, c, t, &self.wrap)?;
                    }
                    V::S(t) => {
                        ws.write_string(r, c, t)?;
                    }
                    V::N(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    V::Empty => {}
                }
            }
        }
        Ok(())
    }
}

const MATTER_HEADERS: &[&str] = &[
    "事项ID",
    "实施编码",
    "事项名称",
    "俗称",
    "主项",
    "事项类型",
    "实施主体",
    "服务对象",
    "行使层级",
    "受理条件",
    "法定办结时限",
    "承诺办结时限",
    "时限单位",
    "时限说明",
    "办件类型",
    "是否收费",
    "收费标准",
    "收费依据",
    "办理地点",
    "办理时间",
    "咨询方式",
    "监督投诉方式",
    "网上办理深度",
    "网上办理地址",
    "到办事现场次数",
    "审批结果名称",
    "审批结果类型",
    "备注",
    "事项状态",
    "状态日期",
    "状态说明",
];

fn matter_row(m: &Matter) -> Vec<V> {
    let tl = m.time_limit.as_ref();
    let unit = tl.map_or(V::Empty, |t| {
        s(match t.unit {
            DayUnit::Working => "工作日",
            DayUnit::Calendar => "自然日",
        })
    });
    let fee = m.fee.as_ref();
    vec![
        s(&m.id),
        os(&m.code),
        s(&m.name),
        list(&m.aliases),
        os(&m.parent),
        m.kind.map_or(V::Empty, |k| s(k.as_str())),
        os(&m.department),
        list(&m.targets),
        os(&m.level),
        list(&m.conditions),
        on(tl.and_then(|t| t.statutory_days)),
        on(tl.and_then(|t| t.promised_days)),
        unit,
        tl.map_or(V::Empty, |t| os(&t.note)),
        os(&m.case_type),
        fee.map_or(V::Empty, |f| s(if f.charged { "是" } else { "否" })),
        fee.map_or(V::Empty, |f| os(&f.standard)),
        fee.map_or(V::Empty, |f| os(&f.basis)),
        os(&m.location),
        os(&m.hours),
        os(&m.contact),
        os(&m.complaint),
        m.online.as_ref().map_or(V::Empty, |o| os(&o.depth)),
        m.online.as_ref().map_or(V::Empty, |o| os(&o.url)),
        on(m.visits),
        m.result.as_ref().map_or(V::Empty, |r| os(&r.name)),
        m.result.as_ref().map_or(V::Empty, |r| os(&r.kind)),
        os(&m.notes),
        match m.status {
            Status::Active => V::Empty,
            Status::Abolished => s("取消"),
            Status::Delegated => s("下放"),
        },
        os(&m.status_date),
        os(&m.status_note),
    ]
}

/// The workbook's bytes. The document properties carry a fixed date so
/// that the same catalogue always gives the same file.
pub fn xlsx_bytes(cat: &Catalogue) -> Result<Vec<u8>, String> {
    build(cat).map_err(|e| format!("cannot write the workbook: {e}"))
}

/// Writes `cat` as an XLSX workbook at `path`.
pub fn write_xlsx(cat: &Catalogue, path: &Path) -> Result<(), String> {
    let bytes = xlsx_bytes(cat)?;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn build(cat: &Catalogue) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let date = ExcelDateTime::from_ymd(2025, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&date));
    let w = Writer {
        header: Format::new().set_bold(),
        wrap: Format::new().set_text_wrap(),
    };

    let mut meta = vec![vec![s("标题"), s(&cat.title)]];
    if let Some(a) = &cat.authority {
        meta.push(vec![s("发布机关"), s(a)]);
    }
    if let Some(v) = &cat.version {
        meta.push(vec![s("版本"), s(v)]);
    }
    // The catalogue sheet has no header row: key | value.
    {
        let ws = book.add_worksheet();
        ws.set_name("目录")?;
        ws.set_column_width(0, 12)?;
        ws.set_column_width(1, 40)?;
        for (r, row) in meta.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if let V::S(t) = v {
                    ws.write_string(r as u32, c as u16, t)?;
                }
            }
        }
    }

    let departments: Vec<Vec<V>> = cat
        .departments
        .iter()
        .map(|d| vec![s(&d.id), s(&d.name), list(&d.aliases)])
        .collect();
    w.sheet(
        book.add_worksheet(),
        "部门",
        &["部门编码", "部门名称", "简称"],
        &departments,
    )?;

    let matters: Vec<Vec<V>> = cat.matters.iter().map(matter_row).collect();
    w.sheet(book.add_worksheet(), "事项", MATTER_HEADERS, &matters)?;

    let mut basis = Vec::new();
    let mut materials = Vec::new();
    let mut steps = Vec::new();
    let mut forms = Vec::new();
    let mut faq = Vec::new();
    for m in &cat.matters {
        for b in &m.basis {
            basis.push(vec![s(&m.id), s(&b.title), os(&b.article), os(&b.text)]);
        }
        for x in &m.materials {
            materials.push(vec![
                s(&m.id),
                s(&x.name),
                os(&x.form),
                on(x.copies),
                x.required
                    .map_or(V::Empty, |r| s(if r { "必要" } else { "非必要" })),
                os(&x.source),
                os(&x.note),
                os(&x.blank_form),
                os(&x.sample_form),
            ]);
        }
        for x in &m.procedure {
            steps.push(vec![s(&m.id), s(&x.step), os(&x.description), on(x.days)]);
        }
        for f in &m.forms {
            let fields: Vec<String> = f
                .fields
                .iter()
                .map(|x| match &x.example {
                    Some(e) => format!("{}：{e}", x.label),
                    None if x.label.contains('：') => format!("{}：", x.label),
                    None => x.label.clone(),
                })
                .collect();
            forms.push(vec![
                s(&m.id),
                s(&f.id),
                s(&f.title),
                s(match f.kind {
                    FormKind::Blank => "空白表格",
                    FormKind::Sample => "示范文本",
                }),
                if fields.is_empty() {
                    V::Empty
                } else {
                    // Always line by line: a label may hold `；`.
                    V::S(fields.join("\n") + "\n")
                },
                os(&f.text),
            ]);
        }
        for q in &m.faq {
            faq.push(vec![s(&m.id), s(&q.question), s(&q.answer)]);
        }
    }
    w.sheet(
        book.add_worksheet(),
        "设定依据",
        &["事项ID", "法律法规名称", "条款号", "条款内容"],
        &basis,
    )?;
    w.sheet(
        book.add_worksheet(),
        "申请材料",
        &[
            "事项ID",
            "材料名称",
            "材料形式",
            "份数",
            "必要性",
            "来源渠道",
            "填报须知",
            "空白表格",
            "示范文本",
        ],
        &materials,
    )?;
    w.sheet(
        book.add_worksheet(),
        "办理流程",
        &["事项ID", "环节名称", "办理内容", "环节时限"],
        &steps,
    )?;
    w.sheet(
        book.add_worksheet(),
        "表格",
        &[
            "事项ID",
            "表格编号",
            "表格名称",
            "表格类型",
            "填写项",
            "正文",
        ],
        &forms,
    )?;
    w.sheet(
        book.add_worksheet(),
        "常见问题",
        &["事项ID", "问题", "解答"],
        &faq,
    )?;
    book.save_to_buffer()
}
