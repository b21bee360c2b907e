//! The columns a spreadsheet may have: the element names of the national
//! 政务服务事项实施清单, the JSON field names, and what each becomes.

use super::super::error::{CatalogueError, Problem, Severity};

/// How a cell's text becomes a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Conv {
    Text,
    /// Several values: one per line, or separated by `；`.
    List,
    /// Like `List`, and also `、` (自然人、企业法人).
    Targets,
    /// 事项类型: a name, a short name (许可) or a national code (01, 1, 20).
    Kind,
    /// 法定/承诺办结时限: `20个工作日`, `30日`, `即办`, `20`.
    Days,
    /// 时限单位: 工作日 / 自然日.
    Unit,
    /// 是/否, 收费/不收费.
    YesNo,
    /// A whole number (份数, 到办事现场次数: `1`, `1次`).
    Count,
    /// 事项状态.
    Status,
    /// 设定依据 in one cell: one law (and article) per line.
    BasisList,
    /// 申请材料 in one cell: one material name per line.
    MaterialList,
    /// 办理流程 in one cell: one step per line.
    StepList,
    /// 必要性: 必要 / 非必要.
    Required,
    /// 空白表格 / 示范文本.
    FormKind,
    /// A form's fields: `label` or `label：example` per line.
    Fields,
    /// 环节时限 of a step: a number of days.
    StepDays,
}

/// One known column: the names it may have and the JSON path it fills.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    pub names: &'static [&'static str],
    pub path: &'static str,
    pub conv: Conv,
}

const fn s(names: &'static [&'static str], path: &'static str, conv: Conv) -> Spec {
    Spec { names, path, conv }
}

/// The sheets of a workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SheetKind {
    Catalogue,
    Departments,
    Matters,
    Materials,
    Procedure,
    Basis,
    Forms,
    Faq,
}

impl SheetKind {
    pub(crate) const ALL: [SheetKind; 8] = [
        SheetKind::Catalogue,
        SheetKind::Departments,
        SheetKind::Matters,
        SheetKind::Materials,
        SheetKind::Procedure,
        SheetKind::Basis,
        SheetKind::Forms,
        SheetKind::Faq,
    ];

    /// The sheet names that mean this kind; the first is what `convert` writes.
    pub(crate) fn names(self) -> &'static [&'static str] {
        match self {
            SheetKind::Catalogue => &["目录", "目录信息", "清单信息", "catalogue"],
            SheetKind::Departments => &["部门", "实施主体", "departments"],
            SheetKind::Matters => &["事项", "事项清单", "实施清单", "事项目录", "matters"],
            SheetKind::Materials => &["申请材料", "材料", "materials"],
            SheetKind::Procedure => &["办理流程", "流程", "procedure"],
            SheetKind::Basis => &["设定依据", "依据", "basis"],
            SheetKind::Forms => &["表格", "空白表格和示范文本", "forms"],
            SheetKind::Faq => &["常见问题", "faq"],
        }
    }

    pub(crate) fn from_sheet_name(name: &str) -> Option<SheetKind> {
        let n = normalize_header(name).to_lowercase();
        SheetKind::ALL
            .into_iter()
            .find(|k| k.names().iter().any(|x| *x == n))
    }

    /// The JSON list a row of this child sheet adds to, in its matter.
    pub(crate) fn list(self) -> &'static str {
        match self {
            SheetKind::Materials => "materials",
            SheetKind::Procedure => "procedure",
            SheetKind::Basis => "basis",
            SheetKind::Forms => "forms",
            SheetKind::Faq => "faq",
            SheetKind::Departments => "departments",
            SheetKind::Matters => "matters",
            SheetKind::Catalogue => "",
        }
    }

    pub(crate) fn specs(self) -> &'static [Spec] {
        match self {
            SheetKind::Matters => MATTER,
            SheetKind::Departments => DEPARTMENT,
            SheetKind::Materials => MATERIAL,
            SheetKind::Procedure => STEP,
            SheetKind::Basis => BASIS,
            SheetKind::Forms => FORM,
            SheetKind::Faq => FAQ,
            SheetKind::Catalogue => CATALOGUE,
        }
    }
}

/// Column of a child sheet that names its matter: the matter's id or code.
pub(crate) const MATTER_KEY: &[&str] = &[
    "事项编码",
    "实施编码",
    "基本编码",
    "事项ID",
    "事项id",
    "matter",
    "matter_id",
];
/// …or, failing that, its name.
pub(crate) const MATTER_NAME_KEY: &[&str] = &["事项名称", "matter_name"];

use Conv::*;

pub(crate) const MATTER: &[Spec] = &[
    s(&["id", "事项ID", "事项id", "标识"], "id", Text),
    // 实施编码 before 基本编码: when both are given the longer, local one
    // is the matter's code (the model has one code).
    s(&["实施编码", "code", "事项编码"], "code", Text),
    s(&["基本编码"], "code", Text),
    s(&["事项名称", "name"], "name", Text),
    s(&["俗称", "别名", "曾用名", "aliases"], "aliases", List),
    s(&["主项", "主项编码", "父项", "parent"], "parent", Text),
    s(&["事项类型", "kind"], "kind", Kind),
    s(&["实施主体", "实施机构", "department"], "department", Text),
    s(&["服务对象", "targets"], "targets", Targets),
    s(&["行使层级", "level"], "level", Text),
    s(&["设定依据", "basis"], "basis", BasisList),
    s(&["受理条件", "conditions"], "conditions", List),
    s(&["申请材料", "materials"], "materials", MaterialList),
    s(&["办理流程", "procedure"], "procedure", StepList),
    s(
        &[
            "法定办结时限",
            "time_limit.statutory_days",
            "statutory_days",
        ],
        "time_limit.statutory_days",
        Days,
    ),
    s(
        &["承诺办结时限", "time_limit.promised_days", "promised_days"],
        "time_limit.promised_days",
        Days,
    ),
    s(&["时限单位", "time_limit.unit"], "time_limit.unit", Unit),
    s(&["时限说明", "time_limit.note"], "time_limit.note", Text),
    s(&["办件类型", "case_type"], "case_type", Text),
    s(&["是否收费", "fee.charged"], "fee.charged", YesNo),
    s(&["收费标准", "fee.standard"], "fee.standard", Text),
    s(&["收费依据", "fee.basis"], "fee.basis", Text),
    s(&["办理地点", "location"], "location", Text),
    s(&["办理时间", "hours"], "hours", Text),
    s(&["咨询方式", "contact"], "contact", Text),
    s(&["监督投诉方式", "complaint"], "complaint", Text),
    s(&["网上办理深度", "online.depth"], "online.depth", Text),
    s(
        &["网上办理地址", "在线办理地址", "online.url"],
        "online.url",
        Text,
    ),
    s(&["到办事现场次数", "visits"], "visits", Count),
    s(
        &["审批结果名称", "审批结果", "result.name"],
        "result.name",
        Text,
    ),
    s(&["审批结果类型", "result.type"], "result.type", Text),
    s(&["备注", "notes"], "notes", Text),
    s(&["事项状态", "status"], "status", Status),
    s(&["状态日期", "status_date"], "status_date", Text),
    s(&["状态说明", "status_note"], "status_note", Text),
];

pub(crate) const DEPARTMENT: &[Spec] = &[
    s(&["部门编码", "编码", "id"], "id", Text),
    s(&["部门名称", "名称", "name"], "name", Text),
    s(&["简称", "别名", "aliases"], "aliases", List),
];

pub(crate) const MATERIAL: &[Spec] = &[
    s(&["材料名称", "name"], "name", Text),
    s(&["材料形式", "form"], "form", Text),
    s(&["份数", "copies"], "copies", Count),
    s(&["必要性", "是否必要", "required"], "required", Required),
    s(&["来源渠道", "材料来源", "source"], "source", Text),
    s(&["填报须知", "备注", "note"], "note", Text),
    s(&["空白表格", "blank_form"], "blank_form", Text),
    s(&["示范文本", "sample_form"], "sample_form", Text),
];

pub(crate) const STEP: &[Spec] = &[
    s(&["环节名称", "环节", "步骤", "step"], "step", Text),
    s(
        &["办理内容", "环节说明", "说明", "description"],
        "description",
        Text,
    ),
    s(&["环节时限", "时限", "days"], "days", StepDays),
];

pub(crate) const BASIS: &[Spec] = &[
    s(&["法律法规名称", "依据名称", "title"], "title", Text),
    s(&["条款号", "条款", "article"], "article", Text),
    s(&["条款内容", "条文内容", "text"], "text", Text),
];

pub(crate) const FORM: &[Spec] = &[
    s(&["表格编号", "id"], "id", Text),
    s(&["表格名称", "title"], "title", Text),
    s(&["表格类型", "kind"], "kind", FormKind),
    s(&["填写项", "字段", "fields"], "fields", Fields),
    s(&["正文", "内容", "text"], "text", Text),
];

pub(crate) const FAQ: &[Spec] = &[
    s(&["问题", "question"], "question", Text),
    s(&["解答", "回答", "answer"], "answer", Text),
];

/// Keys of the catalogue sheet (two columns: key, value).
pub(crate) const CATALOGUE: &[Spec] = &[
    s(&["标题", "目录名称", "title"], "title", Text),
    s(&["发布机关", "authority"], "authority", Text),
    s(&["版本", "version"], "version", Text),
];

/// Trims, drops inner whitespace, `*` and a trailing `（必填）` / `：`, so
/// `* 事项名称（必填）` reads as `事项名称`.
pub(crate) fn normalize_header(h: &str) -> String {
    let mut t: String = h
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    for suffix in ["（必填）", "(必填)", "（选填）", "(选填)", "：", ":"] {
        if let Some(x) = t.strip_suffix(suffix) {
            t = x.to_string();
        }
    }
    t
}

/// `--columns FILE`: a platform's own headers renamed to known ones, one
/// `平台表头 = 标准表头` per line (`#` starts a comment).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    renames: Vec<(String, String)>,
}

impl ColumnMap {
    /// No renames.
    pub fn new() -> ColumnMap {
        ColumnMap::default()
    }

    /// Reads a mapping file; every bad line is a problem.
    pub fn parse(text: &str, file: &str) -> Result<ColumnMap, CatalogueError> {
        let mut renames = Vec::new();
        let mut problems = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |message: String| Problem {
                severity: Severity::Error,
                file: file.to_string(),
                path: String::new(),
                line: Some(i + 1),
                column: Some(1),
                message,
                cause: None,
            };
            let Some((from, to)) = line.split_once('=') else {
                problems.push(bad(format!(
                    "expected `平台表头 = 标准表头`, found {line:?}"
                )));
                continue;
            };
            let (from, to) = (normalize_header(from), normalize_header(to));
            if from.is_empty() || to.is_empty() {
                problems.push(bad("a header is empty".into()));
                continue;
            }
            let known = SheetKind::ALL
                .iter()
                .any(|k| k.specs().iter().any(|s| s.names.contains(&to.as_str())))
                || MATTER_KEY.contains(&to.as_str())
                || MATTER_NAME_KEY.contains(&to.as_str());
            if !known {
                problems.push(bad(format!(
                    "{to:?} is not a known column; use an element name such as 承诺办结时限 or a field such as time_limit.promised_days (docs/catalogue-format.md lists them)"
                )));
                continue;
            }
            renames.push((from, to));
        }
        if problems.is_empty() {
            Ok(ColumnMap { renames })
        } else {
            Err(CatalogueError { problems })
        }
    }

    /// The known name a (normalized) header stands for.
    pub(crate) fn rename<'a>(&'a self, header: &'a str) -> &'a str {
        self.renames
            .iter()
            .find(|(from, _)| from == header)
            .map_or(header, |(_, to)| to.as_str())
    }
}
