//! Words of a question that no catalogue uses: question and filler words
//! (怎么办, 需要什么材料, 吗) are dropped, and intent words (丢了, 开, 卖)
//! stand for the catalogue's words for the same act (遗失 补办, 设立 开办,
//! 经营 销售). The tables are compiled in, the same for every catalogue;
//! `docs/query-understanding.md` lists them.
//!
//! A word is only taken as filler or intent where it is not part of a word
//! the catalogue uses across its edge: 开个体户 keeps the 个 of 个体户, and
//! 开发票 the 开 of 开发. The caller says which pieces the catalogue uses.

/// Question and filler phrases, dropped from a query. Longer ones are
/// tried first, so 需要什么材料 goes whole rather than leaving 材料.
pub const FILLERS: &[&str] = &[
    "需要什么材料",
    "需要哪些材料",
    "要什么材料",
    "要哪些材料",
    "需要什么手续",
    "要什么手续",
    "需要什么证",
    "要什么证",
    "要办什么证",
    "需要办什么",
    "要办什么",
    "怎么申请",
    "如何申请",
    "怎么办理",
    "如何办理",
    "在哪里办",
    "去哪里办",
    "在哪办",
    "去哪办",
    "哪里办",
    "去哪里",
    "在哪里",
    "怎么弄",
    "怎么搞",
    "怎么办",
    "咋办",
    "怎么",
    "如何",
    "去哪",
    "哪里",
    "可以吗",
    "能不能",
    "要不要",
    "需要吗",
    "需要",
    "我想",
    "我要",
    "想要",
    "请问",
    "一下",
    "什么",
    "哪些",
    "手续",
    "流程",
    "吗",
    "呢",
    "吧",
    "啊",
    "的",
    "我",
    "办",
];

/// An intent word and the catalogue words it stands for.
#[derive(Debug)]
pub struct Intent {
    /// The word as a citizen types it (开, 丢了 …).
    pub word: &'static str,
    /// Catalogue words it stands for in a search.
    pub means: &'static [&'static str],
    /// An act (开, 办) rather than a state (丢了): it says less about which
    /// matter is meant, so it counts half in the best-cover ranking.
    pub action: bool,
}

const fn intent(word: &'static str, means: &'static [&'static str], action: bool) -> Intent {
    Intent {
        word,
        means,
        action,
    }
}

const LOST: &[&str] = &["遗失", "补办", "补领", "挂失", "补发"];
const OPEN: &[&str] = &["设立", "开办", "新办", "核发", "筹设"];
const CLOSE: &[&str] = &["注销", "歇业", "停业"];
const CHANGE: &[&str] = &["变更", "换发", "换领"];
const MOVE: &[&str] = &["转移", "转入", "转出", "接续"];
const FIT: &[&str] = &["报装", "安装"];
const REFUND: &[&str] = &["退还", "退费", "退付", "退税"];
const DIED: &[&str] = &["死亡", "注销", "丧葬"];
const RELOCATE: &[&str] = &["迁移", "迁入", "迁出"];

/// Intent words, longer first where one holds another (开个 before 开).
pub const INTENTS: &[Intent] = &[
    intent("丢了", LOST, false),
    intent("掉了", LOST, false),
    intent("弄丢", LOST, false),
    intent("丢失", LOST, false),
    intent("找不到", LOST, false),
    intent("丢", LOST, false),
    intent("坏了", &["损毁", "换发", "补办"], false),
    intent("不干了", CLOSE, false),
    intent("关门", CLOSE, false),
    intent("关了", CLOSE, false),
    intent("倒闭", CLOSE, false),
    intent("不做了", CLOSE, false),
    intent("过期", &["延续", "换证", "到期换发"], false),
    intent("到期", &["延续", "换证", "到期换发"], false),
    intent("续期", &["延续", "延期", "换证"], false),
    intent("开个", OPEN, true),
    intent("开家", OPEN, true),
    intent("开", OPEN, true),
    intent("新开", OPEN, true),
    intent("卖", &["经营", "销售", "零售"], true),
    intent("换", CHANGE, true),
    intent("改", CHANGE, true),
    intent("不开了", CLOSE, false),
    intent("去世", DIED, false),
    intent("过世", DIED, false),
    intent("死了", DIED, false),
    intent("查", &["查询"], true),
    intent("领", &["申领", "领取"], true),
    intent("交", &["缴纳", "缴费", "参保"], true),
    intent("上", &["登记"], true),
    intent("报销", &["报销", "支付", "结算"], true),
    intent("转到", MOVE, true),
    intent("转去", MOVE, true),
    intent("转回", MOVE, true),
    intent("转走", MOVE, true),
    intent("转", MOVE, true),
    intent("安装", FIT, true),
    intent("装个", FIT, true),
    intent("退钱", REFUND, true),
    intent("退回来", REFUND, true),
    intent("补个", LOST, false),
    intent("补张", LOST, false),
    intent("迁到", RELOCATE, true),
    intent("迁", RELOCATE, true),
    intent("搬到", RELOCATE, true),
    intent("搬家", RELOCATE, true),
    intent("租", &["租赁", "承租"], true),
    intent("砍", &["采伐"], true),
    intent("挖", &["挖掘", "开挖"], true),
    intent("延长", &["延续", "延期"], true),
    intent("告", &["投诉", "举报"], true),
];

/// What was found in a query: its text without fillers, the fillers
/// dropped, and the intent words with their byte ranges in that text.
#[derive(Debug, Default)]
pub struct Understood {
    /// The query without its filler words.
    pub text: String,
    /// The filler words left out (我想, 怎么 …), for the "understood as" line.
    pub dropped: Vec<&'static str>,
    /// Intent words found: byte range in `text`, and the intent.
    pub intents: Vec<(usize, usize, &'static Intent)>,
}

impl Understood {
    /// Whether anything was dropped or read as an intent.
    pub fn changed(&self) -> bool {
        !self.dropped.is_empty() || !self.intents.is_empty()
    }

    /// The text without its intent words (a separator in their place).
    pub fn without_intents(&self) -> String {
        let mut out = String::new();
        let mut at = 0;
        for &(a, b, _) in &self.intents {
            out.push_str(&self.text[at..a]);
            out.push(super::normalize::SEP);
            at = b;
        }
        out.push_str(&self.text[at..]);
        out.split(super::normalize::SEP)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Reads the fillers and intent words of normalized query text. `used(s)`
/// says whether the catalogue has the CJK string `s`: a word is not taken
/// where a two- or three-character piece across its edge is used, nor an
/// intent word of two or more characters the catalogue uses itself.
pub fn read(norm: &str, used: impl FnMut(&str) -> bool) -> Understood {
    // Asked from two closures below.
    let used = std::cell::RefCell::new(used);
    let used = |s: &str| (used.borrow_mut())(s);
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    let n = chars.len();
    let byte = |i: usize| chars.get(i).map_or(norm.len(), |c| c.0);
    let is_cjk = |i: usize| chars.get(i).is_some_and(|c| super::is_cjk(c.1));
    // Whether a used piece crosses the edge between characters e-1 and e.
    let crosses = |e: usize, lo: usize, hi: usize| {
        for len in 2..=3usize {
            for s in e.saturating_sub(len - 1)..e {
                let end = s + len;
                if s < lo || end > hi || end <= e {
                    continue;
                }
                if (s..end).all(is_cjk) && used(&norm[byte(s)..byte(end)]) {
                    return true;
                }
            }
        }
        false
    };
    // A word at chars a..b stands alone when nothing used crosses its edges.
    let alone = |a: usize, b: usize, lo: usize, hi: usize| {
        (a == lo || !crosses(a, lo, hi)) && (b == hi || !crosses(b, lo, hi))
    };
    let mut out = Understood::default();
    let mut kept = String::new();
    // Each CJK run on its own: words never span a separator.
    let mut i = 0;
    let mut marks: Vec<(usize, usize, &'static Intent)> = Vec::new();
    while i < n {
        if !is_cjk(i) {
            kept.push(chars[i].1);
            i += 1;
            continue;
        }
        let lo = i;
        let mut hi = i;
        while hi < n && is_cjk(hi) {
            hi += 1;
        }
        let mut j = lo;
        while j < hi {
            let rest = &norm[byte(j)..byte(hi)];
            let filler = FILLERS
                .iter()
                .filter(|f| rest.starts_with(**f))
                .map(|f| (*f, f.chars().count()))
                .find(|&(_, len)| alone(j, j + len, lo, hi));
            if let Some((f, len)) = filler {
                out.dropped.push(f);
                if !kept.ends_with(super::normalize::SEP) && !kept.is_empty() {
                    kept.push(super::normalize::SEP);
                }
                j += len;
                continue;
            }
            let found = INTENTS
                .iter()
                .filter(|t| rest.starts_with(t.word))
                .map(|t| (t, t.word.chars().count()))
                .find(|&(t, len)| {
                    // A word the catalogue itself uses (报销, 到期) is
                    // matched as typed.
                    (len == 1 || !used(t.word)) && alone(j, j + len, lo, hi)
                });
            if let Some((t, len)) = found {
                let a = kept.len();
                kept.push_str(&norm[byte(j)..byte(j + len)]);
                marks.push((a, kept.len(), t));
                j += len;
                continue;
            }
            kept.push(chars[j].1);
            j += 1;
        }
        i = hi;
    }
    // Trim separators left at the ends, shifting the marks.
    let lead = kept.len() - kept.trim_start_matches(super::normalize::SEP).len();
    out.text = kept.trim_matches(super::normalize::SEP).to_string();
    out.intents = marks
        .into_iter()
        .map(|(a, b, t)| (a - lead, b - lead, t))
        .collect();
    // A query of nothing but fillers and intent words reads as typed.
    if out.without_intents().is_empty() {
        return Understood {
            text: norm.to_string(),
            ..Understood::default()
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> bool {
        false
    }

    #[test]
    fn fillers_go_and_intents_are_marked() {
        let u = read("身份证丢了怎么办", none);
        assert_eq!(u.text, "身份证丢了");
        assert_eq!(u.dropped, vec!["怎么办"]);
        assert_eq!(u.intents.len(), 1);
        assert_eq!(&u.text[u.intents[0].0..u.intents[0].1], "丢了");
        assert_eq!(u.without_intents(), "身份证");
    }

    #[test]
    fn a_word_the_catalogue_uses_keeps_its_characters() {
        // 个体 is used: 开个 is not read across it, 开 alone is.
        let u = read("开个体户", |s| s == "个体" || s == "个体户");
        assert_eq!(u.text, "开个体户");
        assert_eq!(u.intents.len(), 1);
        assert_eq!(&u.text[u.intents[0].0..u.intents[0].1], "开");
        // 开发 is used: no 开 intent in 开发票.
        let u = read("开发票", |s| s == "开发");
        assert!(u.intents.is_empty());
    }

    /// The intent word read in `q` (with nothing used), and what it means.
    fn only_intent(q: &str) -> (String, &'static Intent) {
        let u = read(q, none);
        assert_eq!(u.intents.len(), 1, "{q}: {:?}", u.intents);
        let (a, b, t) = u.intents[0];
        (u.text[a..b].to_string(), t)
    }

    #[test]
    fn moving_fitting_and_dying_words_are_read_whole() {
        // 转到 is one word, not 转 followed by 到.
        let (w, t) = only_intent("医保转回老家");
        assert_eq!(w, "转回");
        assert!(t.means.contains(&"接续") && t.action);
        let (w, t) = only_intent("户口迁到城里");
        assert_eq!(w, "迁到");
        assert_eq!(t.means, RELOCATE);
        let (w, t) = only_intent("装个水表");
        assert_eq!(w, "装个");
        assert!(t.means.contains(&"报装"));
        // A death is a state: it says which matter is meant.
        let (w, t) = only_intent("父亲去世了养老保险");
        assert_eq!(w, "去世");
        assert!(t.means.contains(&"死亡") && !t.action);
        let (w, t) = only_intent("补个身份证");
        assert_eq!(w, "补个");
        assert_eq!(t.means, LOST);
        let (w, t) = only_intent("砍树");
        assert_eq!(w, "砍");
        assert_eq!(t.means, &["采伐"]);
    }

    #[test]
    fn new_single_character_words_keep_the_catalogue_words_they_start() {
        // 迁建 is used: 迁 is not read in 迁建提灌站.
        assert!(read("迁建提灌站", |s| s == "迁建").intents.is_empty());
        // 租赁 is used: 租 is not read in 租赁合同, but is in 租房子.
        assert!(read("租赁合同", |s| s == "租赁").intents.is_empty());
        assert_eq!(only_intent("租房子").0, "租");
        // 告知 is used: 告 is not read in 告知承诺.
        assert!(read("告知承诺", |s| s == "告知").intents.is_empty());
    }

    #[test]
    fn every_intent_word_is_listed_before_the_words_it_starts() {
        // `read` takes the first word that fits, so 转 before 转到 would
        // hide 转到.
        for (i, a) in INTENTS.iter().enumerate() {
            for b in &INTENTS[i + 1..] {
                assert!(
                    !(b.word.starts_with(a.word) && b.word != a.word),
                    "{} is listed before {}",
                    a.word,
                    b.word
                );
                assert_ne!(a.word, b.word, "{} listed twice", a.word);
            }
            assert!(!a.means.is_empty(), "{} stands for nothing", a.word);
        }
    }

    #[test]
    fn a_query_of_only_filler_or_intent_stays() {
        assert_eq!(read("怎么办", none).text, "怎么办");
        assert!(read("开", none).intents.is_empty());
    }
}
