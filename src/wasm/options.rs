//! Reading `search`'s options from a JavaScript-like value.
//!
//! The browser passes a `JsValue`; the parsing is written once over
//! [`OptionValue`] so that native tests and the fuzzer run the same code
//! over a `serde_json::Value` (`options_from_json`). The messages name the
//! option exactly, and the module carries no generic deserializer (serde's
//! error paths alone pull in float formatting, ~10 KB).

use super::{FilterOptions, SearchOptions, WeightOptions};

/// What the option parser needs to ask of a value.
pub trait OptionValue: Sized {
    /// `undefined` or `null`.
    fn is_nullish(&self) -> bool;
    /// A number, `None` for anything else.
    fn as_number(&self) -> Option<f64>;
    /// A boolean, `None` for anything else.
    fn as_flag(&self) -> Option<bool>;
    /// A string, `None` for anything else.
    fn as_text(&self) -> Option<String>;
    /// The items of an array, `None` for anything else.
    fn items(&self) -> Option<Vec<Self>>;
    /// The own enumerable string-keyed entries of a plain object (not an
    /// array or a function), `None` for anything else; `Err` names a key
    /// that could not be read.
    fn entries(&self) -> Option<Result<Vec<(String, Self)>, String>>;
}

fn entries<V: OptionValue>(v: &V, path: &str) -> Result<Vec<(String, V)>, String> {
    match v.entries() {
        Some(Ok(e)) => Ok(e),
        Some(Err(k)) => Err(format!("{path}.{k}: cannot be read")),
        None => Err(format!("{path}: expected an object")),
    }
}

fn whole<V: OptionValue>(v: &V, path: &str) -> Result<Option<u32>, String> {
    if v.is_nullish() {
        return Ok(None);
    }
    match v.as_number() {
        Some(n) if n >= 0.0 && n <= u32::MAX as f64 && n.fract() == 0.0 => Ok(Some(n as u32)),
        _ => Err(format!("{path}: expected a whole number ≥ 0")),
    }
}

fn flag<V: OptionValue>(v: &V, path: &str) -> Result<Option<bool>, String> {
    if v.is_nullish() {
        return Ok(None);
    }
    v.as_flag()
        .map(Some)
        .ok_or_else(|| format!("{path}: expected true or false"))
}

fn strings<V: OptionValue>(v: &V, path: &str) -> Result<Vec<String>, String> {
    if v.is_nullish() {
        return Ok(Vec::new());
    }
    if let Some(s) = v.as_text() {
        return Ok(vec![s]);
    }
    if let Some(a) = v.items() {
        return a
            .iter()
            .enumerate()
            .map(|(i, x)| {
                x.as_text()
                    .ok_or_else(|| format!("{path}[{i}]: expected a string"))
            })
            .collect();
    }
    Err(format!("{path}: expected a string or an array of strings"))
}

/// `search`'s second argument, checked key by key.
pub fn options_from_value<V: OptionValue>(v: &V) -> Result<SearchOptions, String> {
    let mut o = SearchOptions::default();
    for (k, v) in entries(v, "options")? {
        match k.as_str() {
            "limit" => o.limit = whole(&v, "options.limit")?,
            "offset" => o.offset = whole(&v, "options.offset")?,
            "filters" => {
                if v.is_nullish() {
                    continue;
                }
                let mut f = FilterOptions::default();
                for (k, v) in entries(&v, "options.filters")? {
                    let p = format!("options.filters.{k}");
                    match k.as_str() {
                        "department" => f.department = strings(&v, &p)?,
                        "kind" => f.kind = strings(&v, &p)?,
                        "target" => f.target = strings(&v, &p)?,
                        "status" => f.status = strings(&v, &p)?,
                        "free" => f.free = flag(&v, &p)?,
                        "charged" => f.charged = flag(&v, &p)?,
                        "online" => f.online = flag(&v, &p)?,
                        "maxDays" => f.max_days = whole(&v, &p)?,
                        "maxStatutoryDays" => f.max_statutory_days = whole(&v, &p)?,
                        "maxPromisedDays" => f.max_promised_days = whole(&v, &p)?,
                        _ => return Err(format!(
                            "{p}: unknown filter (expected department, kind, target, status, free, charged, online, maxDays, maxStatutoryDays, maxPromisedDays)"
                        )),
                    }
                }
                o.filters = Some(f);
            }
            "weights" => {
                if v.is_nullish() {
                    continue;
                }
                let mut w = WeightOptions::default();
                for (k, v) in entries(&v, "options.weights")? {
                    let Some(x) = v.as_number() else {
                        return Err(format!("options.weights.{k}: expected a number"));
                    };
                    if !w.set(&k, x as f32) {
                        return Err(format!(
                            "options.weights.{k}: unknown weight (expected one of: {})",
                            WeightOptions::KEYS.trim_end()
                        ));
                    }
                }
                o.weights = Some(w);
            }
            _ => {
                return Err(format!(
                    "options.{k}: unknown option (expected limit, offset, filters, weights)"
                ))
            }
        }
    }
    Ok(o)
}

/// JSON as JavaScript would hand it over after `JSON.parse` (`null` for
/// `undefined`, which JSON lacks).
impl OptionValue for serde_json::Value {
    fn is_nullish(&self) -> bool {
        self.is_null()
    }
    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn as_flag(&self) -> Option<bool> {
        self.as_bool()
    }
    fn as_text(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
    fn entries(&self) -> Option<Result<Vec<(String, Self)>, String>> {
        self.as_object()
            .map(|m| Ok(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()))
    }
}

/// `search`'s options from parsed JSON, as the browser reads them.
pub fn options_from_json(v: &serde_json::Value) -> Result<SearchOptions, String> {
    options_from_value(v)
}
