// The demo page's language switch: the widget follows its `lang` attribute.
const widget = document.getElementById("search");
const select = document.getElementById("lang");
const saved = new URLSearchParams(location.search).get("lang");
if (saved) {
  select.value = saved.startsWith("en") ? "en" : "zh-CN";
  widget.setAttribute("lang", select.value);
  document.documentElement.lang = select.value;
}
select.addEventListener("change", () => {
  widget.setAttribute("lang", select.value);
  document.documentElement.lang = select.value;
});
