// The shape of one year of the official working-day calendar: what a State Council (国务院办公厅)
// notice "关于XXXX年部分节假日安排的通知" says, plus any later notice that changed it. The shipped
// years (data.ts) and years an admin enters or corrects in the app share this shape, so both go
// through the same validator (validateCalendarYear) and the same WorkCalendar.

/** A China calendar date written 'YYYY-MM-DD' (no time, no time zone). */
export type IsoDate = string;

/** One notice that set or changed the arrangement for the year. */
export interface HolidayNotice {
  /** Title as published, e.g. 国务院办公厅关于2024年部分节假日安排的通知. */
  title: string;
  /** 发文字号, e.g. 国办发明电〔2023〕7号. Omitted where not known for certain. */
  docNo?: string;
  /** 发文机关: the yearly notices come from 国务院办公厅; the 2015 anniversary one from 国务院 itself. */
  issuer?: string;
  /** 成文日期: the date printed under the notice. */
  dated?: IsoDate;
  /** Date it appeared on gov.cn, where known (often a day or two after `dated`). */
  published?: IsoDate;
  /** Where the text can be read (gov.cn). */
  url?: string;
  /** Anything a reader of the data should know, e.g. which facts were not checked against the original. */
  note?: string;
}

/** The arrangement a notice once made for a period and a later notice replaced; kept for the record only. */
export interface SupersededArrangement {
  off: [IsoDate, IsoDate];
  makeupWorkdays: IsoDate[];
  /** Index into CalendarYear.notices of the notice that made this arrangement. */
  notice: number;
  wording?: string;
}

/** One holiday period as in force: the days off and the weekend days worked for it (调休补班). */
export interface HolidayPeriod {
  /** The holiday as the notice heads it: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节, or a combined heading such as 国庆节、中秋节. */
  name: string;
  /** Inclusive range of days off (放假), which may start in December of the year before. */
  off: [IsoDate, IsoDate];
  /** Saturdays/Sundays worked (上班) for this period; may lie in December of the year before. */
  makeupWorkdays: IsoDate[];
  /** Index into CalendarYear.notices of the notice this arrangement comes from (default 0, the yearly notice). */
  notice?: number;
  /** The notice's sentence for this period, so the arrangement can be checked and shown as published. */
  wording?: string;
  /** What an earlier notice had said before this arrangement replaced it. */
  supersedes?: SupersededArrangement;
  note?: string;
}

/** The arrangement for one year, keyed by the year in the notice's title (not by the dates it touches). */
export interface CalendarYear {
  year: number;
  notices: HolidayNotice[];
  periods: HolidayPeriod[];
  note?: string;
}
