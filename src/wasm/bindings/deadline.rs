//! `Catalogue.dueDate`, kept apart from the rest of the class.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{to_js, JsCatalogue};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "DueDate | undefined")]
    pub type DueDateJs;
}

#[wasm_bindgen(js_class = Catalogue)]
impl JsCatalogue {
    /// The last day for a decision on matter `id` if submitted on
    /// `submitted` (`YYYY-MM-DD`, not counted), under China's official
    /// calendar with its make-up working days; `undefined` when the matter
    /// gives no time limit or does not exist. Throws on a malformed date or
    /// one outside the years the holiday table covers.
    #[wasm_bindgen(js_name = dueDate)]
    pub fn due_date(&self, id: &str, submitted: &str) -> Result<DueDateJs, JsError> {
        let due = crate::wasm::due_date::due_date(self.inner.index(), id, submitted)
            .map_err(|e| JsError::new(&format!("matter-search: {e}")))?;
        match due {
            Some(d) => Ok(to_js(&d)?.unchecked_into()),
            None => Ok(JsValue::UNDEFINED.unchecked_into()),
        }
    }
}

/// The last day for a decision on a matter whose record's `time_limit`
/// gives these limits, if submitted on `submitted` (`YYYY-MM-DD`, not
/// counted): what `cat.dueDate` answers, from the record alone (no index
/// file to fetch). `unit` is `"working"` (when omitted too) or
/// `"calendar"`. `undefined` when neither limit is given; throws as
/// `dueDate` does, and on another unit.
#[wasm_bindgen(js_name = dueDateFor)]
pub fn due_date_for(
    statutory_days: Option<u32>,
    promised_days: Option<u32>,
    unit: Option<String>,
    submitted: &str,
) -> Result<DueDateJs, JsError> {
    let due = crate::wasm::due_date::due_date_for(
        statutory_days,
        promised_days,
        unit.as_deref(),
        submitted,
    )
    .map_err(|e| JsError::new(&format!("matter-search: {e}")))?;
    match due {
        Some(d) => Ok(to_js(&d)?.unchecked_into()),
        None => Ok(JsValue::UNDEFINED.unchecked_into()),
    }
}
