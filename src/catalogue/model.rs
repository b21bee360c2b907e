//! The typed catalogue: one struct per element of the national
//! 政务服务事项实施清单 (implementation list of government service matters).
//!
//! Everything but `id` and `name` is optional so that sparse real catalogues
//! (a district's list of names and codes) load as readily as a ministry's
//! full service guides. `docs/catalogue-format.md` documents each field.

use serde::{Deserialize, Serialize};

/// A whole catalogue: the matters of one authority.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Title shown above the search box (必填).
    pub title: String,
    /// The authority that publishes the catalogue (发布机关).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Version or as-of date of the catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Departments (实施主体). When given, every matter's department must be one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<Department>,
    /// The matters (事项), never empty.
    pub matters: Vec<Matter>,
}

/// A department (实施主体 / 司局).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    /// Stable id, which filters accept.
    pub id: String,
    /// The department's official name.
    pub name: String,
    /// Short or former names (外贸司 for 对外贸易司).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The national matter types (事项类型).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "行政许可")]
    /// 行政许可.
    Licence,
    #[serde(rename = "行政处罚")]
    /// 行政处罚.
    Penalty,
    #[serde(rename = "行政强制")]
    /// 行政强制.
    Enforcement,
    #[serde(rename = "行政征收")]
    /// 行政征收.
    Levy,
    #[serde(rename = "行政给付")]
    /// 行政给付.
    Benefit,
    #[serde(rename = "行政检查")]
    /// 行政检查.
    Inspection,
    #[serde(rename = "行政确认")]
    /// 行政确认.
    Confirmation,
    #[serde(rename = "行政奖励")]
    /// 行政奖励.
    Award,
    #[serde(rename = "行政裁决")]
    /// 行政裁决.
    Adjudication,
    #[serde(rename = "其他行政权力")]
    /// 其他行政权力.
    OtherPower,
    #[serde(rename = "公共服务")]
    /// 公共服务.
    PublicService,
}

impl Kind {
    /// Every kind, in the order of the national list.
    pub const ALL: [Kind; 11] = [
        Kind::Licence,
        Kind::Penalty,
        Kind::Enforcement,
        Kind::Levy,
        Kind::Benefit,
        Kind::Inspection,
        Kind::Confirmation,
        Kind::Award,
        Kind::Adjudication,
        Kind::OtherPower,
        Kind::PublicService,
    ];

    /// The official Chinese name, as written in catalogues.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Licence => "行政许可",
            Kind::Penalty => "行政处罚",
            Kind::Enforcement => "行政强制",
            Kind::Levy => "行政征收",
            Kind::Benefit => "行政给付",
            Kind::Inspection => "行政检查",
            Kind::Confirmation => "行政确认",
            Kind::Award => "行政奖励",
            Kind::Adjudication => "行政裁决",
            Kind::OtherPower => "其他行政权力",
            Kind::PublicService => "公共服务",
        }
    }

    /// Parses the official Chinese name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// Small stable number used in the index's filter columns.
    pub fn code(self) -> u8 {
        Kind::ALL.iter().position(|&k| k == self).unwrap_or(0) as u8 + 1
    }

    /// Inverse of [`Kind::code`].
    pub fn from_code(c: u8) -> Option<Kind> {
        Kind::ALL.get((c as usize).checked_sub(1)?).copied()
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a matter is still handled (事项状态).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In force (default).
    #[default]
    Active,
    /// Cancelled (取消): kept so a search explains what happened.
    Abolished,
    /// Moved to a lower level of government (下放).
    Delegated,
}

impl Status {
    /// `active`, `abolished` or `delegated`, as in the catalogue JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Abolished => "abolished",
            Status::Delegated => "delegated",
        }
    }
    /// Whether the matter is still handled here.
    pub fn is_active(&self) -> bool {
        *self == Status::Active
    }
}

/// One matter (事项).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Matter {
    /// Unique, stable identifier.
    pub id: String,
    /// 基本编码 (12 digits) or a longer 实施编码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 事项名称.
    pub name: String,
    /// 俗称 / 曾用名.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Id of the main item (主项) when this is a sub-item (子项).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// 事项类型.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// 实施主体: a department id or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 服务对象 (自然人, 企业法人 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// 行使层级.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// 设定依据.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<Basis>,
    /// 受理条件.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// 申请材料.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Material>,
    /// 办理流程.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub procedure: Vec<Step>,
    /// 法定办结时限 / 承诺办结时限.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<TimeLimit>,
    /// 办件类型: 即办件 or 承诺件.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_type: Option<String>,
    /// 是否收费 / 收费标准 / 收费依据.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    /// 办理地点.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// 办理时间.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    /// 咨询方式.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// 监督投诉方式.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<String>,
    /// 网上办理深度 and address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<Online>,
    /// 到办事现场次数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visits: Option<u32>,
    /// 审批结果.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultDoc>,
    /// 空白表格 / 示范文本.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<Form>,
    /// 常见问题.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<Faq>,
    /// Free-text notes (备注), including where a figure is a statutory default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// active (default), abolished or delegated.
    #[serde(default, skip_serializing_if = "Status::is_active")]
    pub status: Status,
    /// When the status took effect (YYYY-MM-DD or YYYY-MM or YYYY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_date: Option<String>,
    /// What happened and where to go now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_note: Option<String>,
}

/// One legal basis (设定依据).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basis {
    /// Law or regulation, e.g. 《中华人民共和国对外贸易法》.
    pub title: String,
    /// Article, e.g. 第十九条.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The article's text or gist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One application material (申请材料).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// 材料名称.
    pub name: String,
    /// 材料形式: 原件, 复印件, 电子 …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// 份数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<u32>,
    /// 必要性 (default: required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// 来源渠道: 申请人自备, 政府部门核发 …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 备注.
    pub note: Option<String>,
    /// Id of the blank form (空白表格) in the matter's `forms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank_form: Option<String>,
    /// Id of the filled sample (示范文本) in the matter's `forms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_form: Option<String>,
}

/// One step of the procedure (办理流程).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// 环节名称 (受理, 审查, 决定 …).
    pub step: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// What happens in this step.
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 时限 of this step, in the matter's day unit.
    pub days: Option<u32>,
}

/// Whether days are working days (工作日) or calendar days (自然日).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayUnit {
    #[default]
    /// 工作日: the State Council's working days (`data/holidays/cn.txt`).
    Working,
    /// 自然日: every day counts.
    Calendar,
}

/// 办结时限. Zero days means 即办 (handled on the spot).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 法定办结时限: set by law.
    pub statutory_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 承诺办结时限: what the office promises, usually shorter.
    pub promised_days: Option<u32>,
    #[serde(default)]
    /// Whether both count working or calendar days.
    pub unit: DayUnit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Anything the numbers cannot say.
    pub note: Option<String>,
}

/// 收费.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// Whether a fee is charged at all.
    pub charged: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 收费标准.
    pub standard: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 收费依据 (the regulation that sets the fee).
    pub basis: Option<String>,
}

/// 网上办理.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Online {
    /// 网办深度 (一级 … 四级, or a description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Where to apply online.
    pub url: Option<String>,
}

/// 审批结果.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 结果名称 (the licence or document issued).
    pub name: Option<String>,
    /// 证照, 批文, 其他 …
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub kind: Option<String>,
}

/// Whether a form is blank (空白表格) or a filled sample (示范文本).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FormKind {
    #[default]
    /// 空白表格, to fill in.
    Blank,
    /// 示范文本, filled in as an example.
    Sample,
}

/// A downloadable form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// Id that materials refer to (`blank_form`, `sample_form`).
    pub id: String,
    /// The form's title.
    pub title: String,
    /// Blank or sample.
    pub kind: FormKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// Its fields, for a form shown on the page.
    pub fields: Vec<FormField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The form as text, when it has no fields.
    pub text: Option<String>,
}

/// One field of a form; `example` is the filled value in a sample.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// The field's label.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The value filled in on a sample.
    pub example: Option<String>,
}

/// 常见问题.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faq {
    /// The question as citizens ask it.
    pub question: String,
    /// The department's answer.
    pub answer: String,
}
