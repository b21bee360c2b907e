
/** Matter types (事项类型) by their official Chinese names. */
export type MatterKind =
  | "行政许可" | "行政处罚" | "行政强制" | "行政征收" | "行政给付" | "行政检查"
  | "行政确认" | "行政奖励" | "行政裁决" | "其他行政权力" | "公共服务";

/** Whether a matter is still handled. */
export type MatterStatus = "active" | "abolished" | "delegated";

/** Which matters qualify. Every key is optional; lists also take one string. */
export interface SearchFilters {
  /** Department ids, names or aliases. */
  department?: string | string[];
  /** Matter types. */
  kind?: MatterKind | MatterKind[];
  /** 服务对象 (自然人, 企业法人 …). */
  target?: string | string[];
  /** Statuses to include; default all (abolished matters explain themselves). */
  status?: MatterStatus | MatterStatus[];
  /** Free matters only. */
  free?: boolean;
  /** Charged matters only. */
  charged?: boolean;
  /** Matters that can be handled online only. */
  online?: boolean;
  /** The working days a citizen waits (promised, else statutory) at most
   * this. Every day filter counts working days: a limit given in calendar
   * days counts as ⌈days × 5 / 7⌉ working days. */
  maxDays?: number;
  /** Statutory time limit (法定时限) at most this many working days. */
  maxStatutoryDays?: number;
  /** Promised time limit (承诺时限) at most this many working days. */
  maxPromisedDays?: number;
}

/** Ranking knobs; any subset, the rest keep their defaults. */
export interface RankingWeights {
  name?: number; aliases?: number; forms?: number; basis?: number;
  conditions?: number; materials?: number; procedure?: number; other?: number;
  department?: number; kind?: number; code?: number;
  /** BM25 term-frequency saturation. */
  k1?: number;
  /** BM25 length normalization, 0 … 1. */
  b?: number;
  namePrefix?: number; proximity?: number;
  /** Score multiplier for abolished or delegated matters. */
  inactive?: number;
}

/** The second argument of `Catalogue.search`. Unknown keys throw. */
export interface SearchOptions {
  /** Hits per page, default 10, at most 1000. */
  limit?: number;
  /** Hits to skip, default 0. */
  offset?: number;
  filters?: SearchFilters;
  weights?: RankingWeights;
}

/** A matched range in UTF-16 code units: `text.slice(start, end)`. */
export interface Span { start: number; end: number; }

export interface TimeLimitSummary {
  /** 法定办结时限, in days. */
  statutoryDays: number | null;
  /** 承诺办结时限, in days. */
  promisedDays: number | null;
  unit: "working" | "calendar";
}

export interface Snippet {
  /** The field the excerpt comes from: aliases, forms, basis, conditions, materials, procedure, other, department, kind. */
  field: string;
  text: string;
  highlights: Span[];
}

export type MatchTier = "exact_id" | "exact_name" | "name_phrase" | "phrase" | "words" | "partial";

/**
 * How a matter was found: from the query as typed (traditional characters
 * folded to simplified), from its pinyin read as the catalogue's words,
 * through a synonym, with a typing error corrected, through an everyday
 * name read as its formal term (公租房 → 公共租赁住房), or through an
 * abbreviation read in full (社保卡 → 社会保障卡). Matters found as typed
 * rank before those found only another way.
 */
export type Via = "direct" | "pinyin" | "synonym" | "typo" | "colloquial" | "abbreviation";

/** Another reading of the query that found matters, or a word of it read
 * otherwise: an intent word (丢了 → 遗失 补办 …), a filler dropped (怎么办). */
export interface Rewrite {
  via: Exclude<Via, "direct"> | "intent" | "filler";
  /** The normalized text searched for (对外贸易 for `dwmy`). */
  text: string;
  /** What was typed that was read otherwise (丢了, 公租房, 怎么办; the whole
   * normalized query for pinyin, synonyms and typos). */
  from: string;
  /** What it was read as (遗失 补办 …; 公共租赁住房; empty for a filler). */
  to: string[];
}

export interface Hit {
  id: string;
  name: string;
  score: number;
  /** Why the hit ranks where it does, strongest first in the order above. */
  tier: MatchTier;
  /** How the hit was found. */
  via: Via;
  /** Department name. */
  department: string | null;
  departmentId: string | null;
  kind: MatterKind | null;
  status: MatterStatus;
  timeLimit: TimeLimitSummary | null;
  /** 即办件 or 承诺件, when the catalogue says. */
  caseType: "即办件" | "承诺件" | null;
  /** Whether a fee is charged, when the catalogue says. */
  charged: boolean | null;
  online: boolean;
  /** Matched ranges of `name`. */
  highlights: Span[];
  /** The best-matching excerpt of another field, if any. */
  snippet: Snippet | null;
}

export interface FacetCount {
  /** Department id or matter type. */
  value: string;
  label: string;
  count: number;
}

export interface SearchResults {
  query: string;
  /** Matches in all (after filters), not only this page. */
  total: number;
  /** True when no matter had every word and these are partial matches. */
  partial: boolean;
  /** The words the query was cut into. */
  words: string[];
  /** Other readings of the query that found matters, likeliest first. */
  rewrites: Rewrite[];
  hits: Hit[];
  /** Counts per department and type, each ignoring its own filter. */
  facets: { department: FacetCount[]; kind: FacetCount[] };
}

export interface Department { id: string; name: string; aliases: string[]; }

export interface IndexStats {
  title: string;
  authority: string | null;
  version: string | null;
  matters: number;
  departments: number;
  terms: number;
  postings: number;
  lexiconWords: number;
  totalBytes: number;
  sections: { name: string; bytes: number }[];
}

/** 设定依据. */
export interface Basis { title: string; article?: string; text?: string; }
/** 申请材料. */
export interface Material {
  name: string; form?: string; copies?: number; required?: boolean; source?: string;
  note?: string;
  /** Id of the blank form in `forms`. */
  blank_form?: string;
  /** Id of the filled sample in `forms`. */
  sample_form?: string;
}
/** One step of 办理流程. */
export interface Step { step: string; description?: string; days?: number; }
export interface TimeLimit {
  statutory_days?: number; promised_days?: number; unit: "working" | "calendar"; note?: string;
}
export interface Fee { charged: boolean; standard?: string; basis?: string; }
export interface FormField { label: string; example?: string; }
/** A blank form (空白表格) or a filled sample (示范文本). */
export interface Form { id: string; title: string; kind: "blank" | "sample"; fields?: FormField[]; text?: string; }
export interface Faq { question: string; answer: string; }

/** A whole matter, in the catalogue file's own shape (snake_case keys). */
export interface Matter {
  id: string;
  code?: string;
  name: string;
  aliases?: string[];
  parent?: string;
  kind?: MatterKind;
  /** Department id. */
  department?: string;
  targets?: string[];
  level?: string;
  basis?: Basis[];
  conditions?: string[];
  materials?: Material[];
  procedure?: Step[];
  time_limit?: TimeLimit;
  case_type?: string;
  fee?: Fee;
  location?: string;
  hours?: string;
  contact?: string;
  complaint?: string;
  online?: { depth?: string; url?: string };
  visits?: number;
  result?: { name?: string; type?: string };
  forms?: Form[];
  faq?: Faq[];
  notes?: string;
  /** Absent means active. */
  status?: MatterStatus;
  status_date?: string;
  status_note?: string;
}

/**
 * `cat.dueDate(id, "2026-09-28")`: the last day for a decision on an
 * application submitted that day (not counted), under China's official
 * calendar with its make-up working days (行政许可法 第四十二条、第八十二条).
 */
export interface DueDate {
  /** The last day, YYYY-MM-DD. */
  due: string;
  /** Working days from the day after submission to `due`, both included. */
  workingDays: number;
  /** The limit counted, in `unit`; 0 is 即办 (`due` is the day itself). */
  days: number;
  unit: "working" | "calendar";
  /** Which limit was counted: the promised one (承诺) when given, else the statutory one (法定). */
  basis: "promised" | "statutory";
}
