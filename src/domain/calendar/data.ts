// The State Council holiday arrangements 2008–2026, transcribed from the notices themselves:
// 国务院办公厅关于XXXX年部分节假日安排的通知 for each year, plus the three notices that changed an
// arrangement after publication (2015 anniversary, 2019 Labour Day, 2020 Spring Festival).
//
// How to read an entry:
// - A year is keyed by the year in the notice's title. Its periods may reach into December of the
//   year before (2008 and 2019: 12-29 worked, 12-30/31 off; 2012: 2011-12-31 worked; 2023:
//   2022-12-31 off) — such dates belong to this year's entry, not to the earlier year's.
// - `off` is the span the notice gives as 放假 (inclusive). Where a notice says "X日放假，与周末连休"
//   only the day it names is given; where it says "X日放假，Y日（星期一）补休" the span runs X…Y.
// - `makeupWorkdays` are the Saturdays/Sundays the notice says are worked (上班).
// - Where a later notice changed a period, the period holds the arrangement in force and
//   `supersedes` keeps what the first notice had said.
// - `wording` is the notice's own sentence for the period, punctuation in full-width forms (2008 and
//   2009 notices spelled out each swap in a long "其中……" clause; it is kept whole).
//
// Holiday names follow 《全国年节及纪念日放假办法》 Art. 2 (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节,
// 国庆节); a combined span keeps the notice's own heading (中秋节、国庆节 or 国庆节、中秋节).
//
// Cross-checked against the npm package chinese-days 1.5.7 (src/holidays/generate.ts, which quotes
// the notices) and NateScarlet/holiday-cn; see test/domain/calendar.test.ts for the day-by-day check.

import type { CalendarYear } from './types.js';

const GOV_OFFICE = '国务院办公厅';

export const SHIPPED_YEARS: readonly CalendarYear[] = [
  {
    year: 2008,
    notices: [
      {
        title: '国务院办公厅关于2008年部分节假日安排的通知',
        docNo: '国办发明电〔2007〕52号',
        issuer: GOV_OFFICE,
        published: '2007-12-18',
        url: 'http://www.gov.cn/zwgk/2007-12/18/content_837184.htm',
        note: '文号取自二手资料，成文日期未能与中国政府网原文核对；正文与多家转载一致。',
      },
    ],
    // First year under the 2007 revision of 《全国年节及纪念日放假办法》 (国务院令第513号): 除夕 is a
    // statutory day, 清明/端午/中秋 are added, 劳动节 is cut to one day.
    periods: [
      {
        name: '元旦',
        off: ['2007-12-30', '2008-01-01'],
        makeupWorkdays: ['2007-12-29'],
        wording:
          '一、元旦：2007年12月30日—2008年1月1日放假，共3天。其中，1月1日（星期二）为法定节假日，12月30日（星期日）为公休日，12月29日（星期六）公休日调至12月31日（星期一），12月29日（星期六）上班。',
      },
      {
        name: '春节',
        off: ['2008-02-06', '2008-02-12'],
        makeupWorkdays: ['2008-02-02', '2008-02-03'],
        wording:
          '二、春节：2月6日—12日（即农历除夕至正月初六）放假，共7天。其中，2月6日（除夕）、2月7日（春节）、2月8日（正月初二）为法定节假日，2月9日（星期六）、2月10日（星期日）照常公休，将2月2日（星期六）、2月3日（星期日）两个公休日调至2月11日（星期一）、2月12日（星期二），2月2日（星期六）、2月3日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2008-04-04', '2008-04-06'],
        makeupWorkdays: [],
        wording: '三、清明节：4月4日—6日放假，共3天。其中，4月4日（清明节）为法定节假日，4月5日（星期六）、4月6日（星期日）照常公休。',
      },
      {
        name: '劳动节',
        off: ['2008-05-01', '2008-05-03'],
        makeupWorkdays: ['2008-05-04'],
        wording:
          '四、“五一”国际劳动节：5月1日—3日放假，共3天。其中，5月1日为法定节假日，5月3日（星期六）为公休日，5月4日（星期日）公休日调至5月2日（星期五），5月4日（星期日）上班。',
      },
      {
        name: '端午节',
        off: ['2008-06-07', '2008-06-09'],
        makeupWorkdays: [],
        wording:
          '五、端午节：6月7日—9日放假，共3天。其中，6月7日（星期六）照常公休，6月8日（农历五月初五，端午节）为法定节假日，6月8日（星期日）公休日调至6月9日（星期一）。',
      },
      {
        name: '中秋节',
        off: ['2008-09-13', '2008-09-15'],
        makeupWorkdays: [],
        wording:
          '六、中秋节：9月13日—15日放假，共3天。其中，9月13日（星期六）为公休日，9月14日（农历八月十五，中秋节）为法定节假日，9月14日（星期日）公休日调至9月15日（星期一）。',
      },
      {
        name: '国庆节',
        off: ['2008-09-29', '2008-10-05'],
        makeupWorkdays: ['2008-09-27', '2008-09-28'],
        wording:
          '七、国庆节：9月29日—10月5日放假，共7天。其中，10月1日、2日、3日为法定节假日，9月27日（星期六）、9月28日（星期日）两个公休日调至9月29日（星期一）、30日（星期二），10月4日（星期六）、5日（星期日）照常公休。',
        note: '此条未单列“上班”一句：9月27日、28日两个公休日已调至9月29日、30日，故这两日上班。',
      },
    ],
  },
  {
    year: 2009,
    notices: [
      {
        title: '国务院办公厅关于2009年部分节假日安排的通知',
        docNo: '国办发明电〔2008〕42号',
        issuer: GOV_OFFICE,
        published: '2008-12-10',
        url: 'http://www.gov.cn/zwgk/2008-12/10/content_1174014.htm',
        note: '成文日期未能与原文核对。',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2009-01-01', '2009-01-03'],
        makeupWorkdays: ['2009-01-04'],
        wording:
          '一、元旦：1月1日至3日放假，共3天。其中，1月1日（星期四、新年）为法定节假日，1月3日（星期六）为公休日。1月4日（星期日）公休日调至1月2日（星期五）。1月4日（星期日）上班。',
      },
      {
        name: '春节',
        off: ['2009-01-25', '2009-01-31'],
        makeupWorkdays: ['2009-01-24', '2009-02-01'],
        wording:
          '二、春节：1月25日至31日放假，共7天。其中，1月25日（星期日、农历除夕）、1月26日（星期一、农历正月初一）、1月27日（星期二、农历正月初二）为法定节假日，1月31日（星期六）照常公休；1月25日（星期日）公休日调至1月28日（星期三），1月24日（星期六）、2月1日（星期日）两个公休日调至1月29日（星期四）、1月30日（星期五）。1月24日（星期六）、2月1日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2009-04-04', '2009-04-06'],
        makeupWorkdays: [],
        wording:
          '三、清明节：4月4日至6日放假，共3天。其中，4月4日（星期六、农历清明当日）为法定节假日，4月5日（星期日）照常公休。4月4日（星期六）公休日调至4月6日（星期一）。',
      },
      {
        name: '劳动节',
        off: ['2009-05-01', '2009-05-03'],
        makeupWorkdays: [],
        wording:
          '四、劳动节：5月1日至3日放假，共3天。其中，5月1日（星期五、“五一”国际劳动节）为法定节假日，5月2日（星期六）、5月3日（星期日）照常公休。',
      },
      {
        name: '端午节',
        off: ['2009-05-28', '2009-05-30'],
        makeupWorkdays: ['2009-05-31'],
        wording:
          '五、端午节：5月28日至30日放假，共3天。其中，5月28日（星期四、农历端午当日）为法定节假日，5月30日（星期六）照常公休；5月31日（星期日）公休日调至5月29日（星期五）；5月31日（星期日）上班。',
      },
      {
        name: '国庆节、中秋节',
        off: ['2009-10-01', '2009-10-08'],
        makeupWorkdays: ['2009-09-27', '2009-10-10'],
        wording:
          '六、国庆节、中秋节：10月1日至8日放假，共8天。其中，10月1日（星期四）、10月2日（星期五）、10月3日（星期六）为国庆节法定节假日，10月4日（星期日）照常公休；10月3日（星期六）公休日及中秋节分别调至10月5日（星期一）、10月6日（星期二），9月27日（星期日）、10月10日（星期六）公休日调至10月7日（星期三）、10月8日（星期四）。9月27日（星期日）、10月10日（星期六）上班。',
      },
    ],
  },
  {
    year: 2010,
    notices: [
      {
        title: '国务院办公厅关于2010年部分节假日安排的通知',
        docNo: '国办发明电〔2009〕27号',
        issuer: GOV_OFFICE,
        dated: '2009-12-07',
        published: '2009-12-08',
        url: 'http://www.gov.cn/zwgk/2009-12/08/content_1482691.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2010-01-01', '2010-01-03'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日至3日放假公休，共3天。',
      },
      {
        name: '春节',
        off: ['2010-02-13', '2010-02-19'],
        makeupWorkdays: ['2010-02-20', '2010-02-21'],
        wording: '二、春节：2月13日至19日放假调休，共7天。2月20日（星期六）、21日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2010-04-03', '2010-04-05'],
        makeupWorkdays: [],
        wording: '三、清明节：4月3日至5日放假公休，共3天。',
      },
      {
        name: '劳动节',
        off: ['2010-05-01', '2010-05-03'],
        makeupWorkdays: [],
        wording: '四、劳动节：5月1日至3日放假公休，共3天。',
      },
      {
        name: '端午节',
        off: ['2010-06-14', '2010-06-16'],
        makeupWorkdays: ['2010-06-12', '2010-06-13'],
        wording: '五、端午节：6月14日至16日放假调休，共3天。6月12日（星期六）、13日（星期日）上班。',
      },
      {
        name: '中秋节',
        off: ['2010-09-22', '2010-09-24'],
        makeupWorkdays: ['2010-09-19', '2010-09-25'],
        wording: '六、中秋节：9月22日至24日放假调休，共3天。9月19日（星期日）、25日（星期六）上班。',
      },
      {
        name: '国庆节',
        off: ['2010-10-01', '2010-10-07'],
        makeupWorkdays: ['2010-09-26', '2010-10-09'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。',
      },
    ],
  },
  {
    year: 2011,
    notices: [
      {
        title: '国务院办公厅关于2011年部分节假日安排的通知',
        docNo: '国办发明电〔2010〕40号',
        issuer: GOV_OFFICE,
        dated: '2010-12-09',
        published: '2010-12-10',
        url: 'http://www.gov.cn/zwgk/2010-12/10/content_1762643.htm',
      },
    ],
    // 2011-12-31 (Saturday, worked) is set by the 2012 notice and lives in the 2012 entry.
    periods: [
      {
        name: '元旦',
        off: ['2011-01-01', '2011-01-03'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日至3日放假公休，共3天。',
      },
      {
        name: '春节',
        off: ['2011-02-02', '2011-02-08'],
        makeupWorkdays: ['2011-01-30', '2011-02-12'],
        wording: '二、春节：2月2日（农历除夕）至8日放假调休，共7天。1月30日（星期日）、2月12日（星期六）上班。',
      },
      {
        name: '清明节',
        off: ['2011-04-03', '2011-04-05'],
        makeupWorkdays: ['2011-04-02'],
        wording: '三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。',
      },
      {
        name: '劳动节',
        off: ['2011-04-30', '2011-05-02'],
        makeupWorkdays: [],
        wording: '四、劳动节：4月30日至5月2日放假公休，共3天。',
      },
      {
        name: '端午节',
        off: ['2011-06-04', '2011-06-06'],
        makeupWorkdays: [],
        wording: '五、端午节：6月4日至6日放假公休，共3天。',
      },
      {
        name: '中秋节',
        off: ['2011-09-10', '2011-09-12'],
        makeupWorkdays: [],
        wording: '六、中秋节：9月10日至12日放假公休，共3天。',
      },
      {
        name: '国庆节',
        off: ['2011-10-01', '2011-10-07'],
        makeupWorkdays: ['2011-10-08', '2011-10-09'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。',
      },
    ],
  },
  {
    year: 2012,
    notices: [
      {
        title: '国务院办公厅关于2012年部分节假日安排的通知',
        docNo: '国办发明电〔2011〕45号',
        issuer: GOV_OFFICE,
        dated: '2011-12-05',
        published: '2011-12-06',
        url: 'http://www.gov.cn/zwgk/2011-12/06/content_2012097.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2012-01-01', '2012-01-03'],
        makeupWorkdays: ['2011-12-31'],
        wording: '一、元旦：2012年1月1日至3日放假调休，共3天。2011年12月31日（星期六）上班。',
      },
      {
        name: '春节',
        off: ['2012-01-22', '2012-01-28'],
        makeupWorkdays: ['2012-01-21', '2012-01-29'],
        wording: '二、春节：1月22日至28日放假调休，共7天。1月21日（星期六）、1月29日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2012-04-02', '2012-04-04'],
        makeupWorkdays: ['2012-03-31', '2012-04-01'],
        wording: '三、清明节：4月2日至4日放假调休，共3天。3月31日（星期六）、4月1日（星期日）上班。',
      },
      {
        name: '劳动节',
        off: ['2012-04-29', '2012-05-01'],
        makeupWorkdays: ['2012-04-28'],
        wording: '四、劳动节：4月29日至5月1日放假调休，共3天。4月28日（星期六）上班。',
      },
      {
        name: '端午节',
        off: ['2012-06-22', '2012-06-24'],
        makeupWorkdays: [],
        wording: '五、端午节：6月22日至24日放假公休，共3天。',
      },
      {
        name: '中秋节、国庆节',
        off: ['2012-09-30', '2012-10-07'],
        makeupWorkdays: ['2012-09-29'],
        wording: '六、中秋节、国庆节：9月30日至10月7日放假调休，共8天。9月29日（星期六）上班。',
      },
    ],
  },
  {
    year: 2013,
    notices: [
      {
        title: '国务院办公厅关于2013年部分节假日安排的通知',
        docNo: '国办发明电〔2012〕33号',
        issuer: GOV_OFFICE,
        dated: '2012-12-08',
        published: '2012-12-10',
        url: 'http://www.gov.cn/zwgk/2012-12/10/content_2286598.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2013-01-01', '2013-01-03'],
        makeupWorkdays: ['2013-01-05', '2013-01-06'],
        wording: '一、元旦：1月1日至3日放假调休，共3天。1月5日（星期六）、1月6日（星期日）上班。',
      },
      {
        name: '春节',
        off: ['2013-02-09', '2013-02-15'],
        makeupWorkdays: ['2013-02-16', '2013-02-17'],
        wording: '二、春节：2月9日至15日放假调休，共7天。2月16日（星期六）、2月17日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2013-04-04', '2013-04-06'],
        makeupWorkdays: ['2013-04-07'],
        wording: '三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。',
      },
      {
        name: '劳动节',
        off: ['2013-04-29', '2013-05-01'],
        makeupWorkdays: ['2013-04-27', '2013-04-28'],
        wording: '四、劳动节：4月29日至5月1日放假调休，共3天。4月27日（星期六）、4月28日（星期日）上班。',
      },
      {
        name: '端午节',
        off: ['2013-06-10', '2013-06-12'],
        makeupWorkdays: ['2013-06-08', '2013-06-09'],
        wording: '五、端午节：6月10日至12日放假调休，共3天。6月8日（星期六）、6月9日（星期日）上班。',
      },
      {
        name: '中秋节',
        off: ['2013-09-19', '2013-09-21'],
        makeupWorkdays: ['2013-09-22'],
        wording: '六、中秋节：9月19日至21日放假调休，共3天。9月22日（星期日）上班。',
      },
      {
        name: '国庆节',
        off: ['2013-10-01', '2013-10-07'],
        makeupWorkdays: ['2013-09-29', '2013-10-12'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。',
      },
    ],
  },
  {
    year: 2014,
    notices: [
      {
        title: '国务院办公厅关于2014年部分节假日安排的通知',
        docNo: '国办发明电〔2013〕28号',
        issuer: GOV_OFFICE,
        dated: '2013-12-11',
        url: 'http://www.gov.cn/zwgk/2013-12/11/content_2546204.htm',
      },
    ],
    // First year under the 2013 revision (国务院令第644号): 春节 is 正月初一至初三 again, 除夕 worked.
    periods: [
      {
        name: '元旦',
        off: ['2014-01-01', '2014-01-01'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日放假1天。',
      },
      {
        name: '春节',
        off: ['2014-01-31', '2014-02-06'],
        makeupWorkdays: ['2014-01-26', '2014-02-08'],
        wording: '二、春节：1月31日至2月6日放假调休，共7天。1月26日（星期日）、2月8日（星期六）上班。',
      },
      {
        name: '清明节',
        off: ['2014-04-05', '2014-04-07'],
        makeupWorkdays: [],
        wording: '三、清明节：4月5日放假，4月7日（星期一）补休。',
      },
      {
        name: '劳动节',
        off: ['2014-05-01', '2014-05-03'],
        makeupWorkdays: ['2014-05-04'],
        wording: '四、劳动节：5月1日至3日放假调休，共3天。5月4日（星期日）上班。',
      },
      {
        name: '端午节',
        off: ['2014-06-02', '2014-06-02'],
        makeupWorkdays: [],
        wording: '五、端午节：6月2日放假，与周末连休。',
      },
      {
        name: '中秋节',
        off: ['2014-09-08', '2014-09-08'],
        makeupWorkdays: [],
        wording: '六、中秋节：9月8日放假，与周末连休。',
      },
      {
        name: '国庆节',
        off: ['2014-10-01', '2014-10-07'],
        makeupWorkdays: ['2014-09-28', '2014-10-11'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。9月28日（星期日）、10月11日（星期六）上班。',
      },
    ],
  },
  {
    year: 2015,
    notices: [
      {
        title: '国务院办公厅关于2015年部分节假日安排的通知',
        docNo: '国办发明电〔2014〕28号',
        issuer: GOV_OFFICE,
        dated: '2014-12-16',
        url: 'http://www.gov.cn/zhengce/content/2014-12/16/content_9302.htm',
      },
      {
        // A one-off notice of the State Council itself, five months into the year.
        title: '国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知',
        docNo: '国发明电〔2015〕1号',
        issuer: '国务院',
        dated: '2015-05-13',
        url: 'http://www.gov.cn/zhengce/content/2015-05/13/content_9742.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2015-01-01', '2015-01-03'],
        makeupWorkdays: ['2015-01-04'],
        wording: '一、元旦：1月1日至3日放假调休，共3天。1月4日（星期日）上班。',
      },
      {
        name: '春节',
        off: ['2015-02-18', '2015-02-24'],
        makeupWorkdays: ['2015-02-15', '2015-02-28'],
        wording: '二、春节：2月18日至24日放假调休，共7天。2月15日（星期日）、2月28日（星期六）上班。',
      },
      {
        name: '清明节',
        off: ['2015-04-05', '2015-04-06'],
        makeupWorkdays: [],
        wording: '三、清明节：4月5日放假，4月6日（星期一）补休。',
      },
      {
        name: '劳动节',
        off: ['2015-05-01', '2015-05-01'],
        makeupWorkdays: [],
        wording: '四、劳动节：5月1日放假，与周末连休。',
      },
      {
        name: '端午节',
        off: ['2015-06-20', '2015-06-22'],
        makeupWorkdays: [],
        wording: '五、端午节：6月20日放假，6月22日（星期一）补休。',
      },
      {
        name: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
        off: ['2015-09-03', '2015-09-05'],
        makeupWorkdays: ['2015-09-06'],
        notice: 1,
        wording:
          '2015年9月3日全国放假1天。为方便公众安排假日期间生产生活，特作如下调休：9月3日至5日调休放假，共3天。其中9月3日（星期四）放假，9月4日（星期五）调休，9月6日（星期日）上班。',
      },
      // 9-27 is a Sunday; the notice gives no weekday in its place.
      {
        name: '中秋节',
        off: ['2015-09-27', '2015-09-27'],
        makeupWorkdays: [],
        wording: '六、中秋节：9月27日放假。',
      },
      {
        name: '国庆节',
        off: ['2015-10-01', '2015-10-07'],
        makeupWorkdays: ['2015-10-10'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。10月10日（星期六）上班。',
      },
    ],
  },
  {
    year: 2016,
    notices: [
      {
        title: '国务院办公厅关于2016年部分节假日安排的通知',
        docNo: '国办发明电〔2015〕18号',
        issuer: GOV_OFFICE,
        dated: '2015-12-10',
        url: 'http://www.gov.cn/zhengce/content/2015-12/10/content_10394.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2016-01-01', '2016-01-01'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日放假，与周末连休。',
      },
      {
        name: '春节',
        off: ['2016-02-07', '2016-02-13'],
        makeupWorkdays: ['2016-02-06', '2016-02-14'],
        wording: '二、春节：2月7日至13日放假调休，共7天。2月6日（星期六）、2月14日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2016-04-04', '2016-04-04'],
        makeupWorkdays: [],
        wording: '三、清明节：4月4日放假，与周末连休。',
      },
      {
        name: '劳动节',
        off: ['2016-05-01', '2016-05-02'],
        makeupWorkdays: [],
        wording: '四、劳动节：5月1日放假，5月2日（星期一）补休。',
      },
      {
        name: '端午节',
        off: ['2016-06-09', '2016-06-11'],
        makeupWorkdays: ['2016-06-12'],
        wording: '五、端午节：6月9日至11日放假调休，共3天。6月12日（星期日）上班。',
      },
      {
        name: '中秋节',
        off: ['2016-09-15', '2016-09-17'],
        makeupWorkdays: ['2016-09-18'],
        wording: '六、中秋节：9月15日至17日放假调休，共3天。9月18日（星期日）上班。',
      },
      {
        name: '国庆节',
        off: ['2016-10-01', '2016-10-07'],
        makeupWorkdays: ['2016-10-08', '2016-10-09'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。',
      },
    ],
  },
  {
    year: 2017,
    notices: [
      {
        title: '国务院办公厅关于2017年部分节假日安排的通知',
        docNo: '国办发明电〔2016〕17号',
        issuer: GOV_OFFICE,
        dated: '2016-12-01',
        url: 'http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2017-01-01', '2017-01-02'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日放假，1月2日（星期一）补休。',
      },
      {
        name: '春节',
        off: ['2017-01-27', '2017-02-02'],
        makeupWorkdays: ['2017-01-22', '2017-02-04'],
        wording: '二、春节：1月27日至2月2日放假调休，共7天。1月22日（星期日）、2月4日（星期六）上班。',
      },
      {
        name: '清明节',
        off: ['2017-04-02', '2017-04-04'],
        makeupWorkdays: ['2017-04-01'],
        wording: '三、清明节：4月2日至4日放假调休，共3天。4月1日（星期六）上班。',
      },
      {
        name: '劳动节',
        off: ['2017-05-01', '2017-05-01'],
        makeupWorkdays: [],
        wording: '四、劳动节：5月1日放假，与周末连休。',
      },
      {
        name: '端午节',
        off: ['2017-05-28', '2017-05-30'],
        makeupWorkdays: ['2017-05-27'],
        wording: '五、端午节：5月28日至30日放假调休，共3天。5月27日（星期六）上班。',
      },
      {
        name: '中秋节、国庆节',
        off: ['2017-10-01', '2017-10-08'],
        makeupWorkdays: ['2017-09-30'],
        wording: '六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。',
      },
    ],
  },
  {
    year: 2018,
    notices: [
      {
        title: '国务院办公厅关于2018年部分节假日安排的通知',
        docNo: '国办发明电〔2017〕12号',
        issuer: GOV_OFFICE,
        dated: '2017-11-30',
        url: 'http://www.gov.cn/zhengce/content/2017-11/30/content_5243579.htm',
      },
    ],
    // 2018-12-29 (worked) and 12-30/31 (off) are set by the 2019 notice and live in the 2019 entry.
    periods: [
      {
        name: '元旦',
        off: ['2018-01-01', '2018-01-01'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日放假，与周末连休。',
      },
      {
        name: '春节',
        off: ['2018-02-15', '2018-02-21'],
        makeupWorkdays: ['2018-02-11', '2018-02-24'],
        wording: '二、春节：2月15日至21日放假调休，共7天。2月11日（星期日）、2月24日（星期六）上班。',
      },
      {
        name: '清明节',
        off: ['2018-04-05', '2018-04-07'],
        makeupWorkdays: ['2018-04-08'],
        wording: '三、清明节：4月5日至7日放假调休，共3天。4月8日（星期日）上班。',
      },
      {
        name: '劳动节',
        off: ['2018-04-29', '2018-05-01'],
        makeupWorkdays: ['2018-04-28'],
        wording: '四、劳动节：4月29日至5月1日放假调休，共3天。4月28日（星期六）上班。',
      },
      {
        name: '端午节',
        off: ['2018-06-18', '2018-06-18'],
        makeupWorkdays: [],
        wording: '五、端午节：6月18日放假，与周末连休。',
      },
      {
        name: '中秋节',
        off: ['2018-09-24', '2018-09-24'],
        makeupWorkdays: [],
        wording: '六、中秋节：9月24日放假，与周末连休。',
      },
      {
        name: '国庆节',
        off: ['2018-10-01', '2018-10-07'],
        makeupWorkdays: ['2018-09-29', '2018-09-30'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期六）、9月30日（星期日）上班。',
      },
    ],
  },
  {
    year: 2019,
    notices: [
      {
        title: '国务院办公厅关于2019年部分节假日安排的通知',
        docNo: '国办发明电〔2018〕15号',
        issuer: GOV_OFFICE,
        dated: '2018-12-04',
        published: '2018-12-06',
        url: 'http://www.gov.cn/zhengce/content/2018-12/06/content_5346276.htm',
      },
      {
        title: '国务院办公厅关于调整2019年劳动节假期安排的通知',
        docNo: '国办发明电〔2019〕3号',
        issuer: GOV_OFFICE,
        dated: '2019-03-22',
        url: 'http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2018-12-30', '2019-01-01'],
        makeupWorkdays: ['2018-12-29'],
        wording: '一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。',
      },
      {
        name: '春节',
        off: ['2019-02-04', '2019-02-10'],
        makeupWorkdays: ['2019-02-02', '2019-02-03'],
        wording: '二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2019-04-05', '2019-04-05'],
        makeupWorkdays: [],
        wording: '三、清明节：4月5日放假，与周末连休。',
      },
      {
        // Changed in March of the year: the first notice gave 1 May (a Wednesday) alone; the
        // second bridged it into four days with two Sundays worked.
        name: '劳动节',
        off: ['2019-05-01', '2019-05-04'],
        makeupWorkdays: ['2019-04-28', '2019-05-05'],
        notice: 1,
        wording: '一、2019年5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。',
        supersedes: {
          off: ['2019-05-01', '2019-05-01'],
          makeupWorkdays: [],
          notice: 0,
          wording: '四、劳动节：5月1日放假。',
        },
      },
      {
        name: '端午节',
        off: ['2019-06-07', '2019-06-07'],
        makeupWorkdays: [],
        wording: '五、端午节：6月7日放假，与周末连休。',
      },
      {
        name: '中秋节',
        off: ['2019-09-13', '2019-09-13'],
        makeupWorkdays: [],
        wording: '六、中秋节：9月13日放假，与周末连休。',
      },
      {
        name: '国庆节',
        off: ['2019-10-01', '2019-10-07'],
        makeupWorkdays: ['2019-09-29', '2019-10-12'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。',
      },
    ],
  },
  {
    year: 2020,
    notices: [
      {
        title: '国务院办公厅关于2020年部分节假日安排的通知',
        docNo: '国办发明电〔2019〕16号',
        issuer: GOV_OFFICE,
        dated: '2019-11-21',
        url: 'http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm',
      },
      {
        title: '国务院办公厅关于延长2020年春节假期的通知',
        docNo: '国办发明电〔2020〕1号',
        issuer: GOV_OFFICE,
        dated: '2020-01-26',
        published: '2020-01-27',
        url: 'http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2020-01-01', '2020-01-01'],
        makeupWorkdays: [],
        wording: '一、元旦：2020年1月1日放假，共1天。',
      },
      {
        name: '春节',
        off: ['2020-01-24', '2020-02-02'],
        makeupWorkdays: ['2020-01-19'],
        notice: 1,
        wording: '一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。',
        note: '延长通知未明文取消2月1日（星期六）上班；该日落入延长后的假期，故为休息日。1月19日（星期日）上班不变。',
        supersedes: {
          off: ['2020-01-24', '2020-01-30'],
          makeupWorkdays: ['2020-01-19', '2020-02-01'],
          notice: 0,
          wording: '二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。',
        },
      },
      {
        name: '清明节',
        off: ['2020-04-04', '2020-04-06'],
        makeupWorkdays: [],
        wording: '三、清明节：4月4日至6日放假调休，共3天。',
      },
      {
        name: '劳动节',
        off: ['2020-05-01', '2020-05-05'],
        makeupWorkdays: ['2020-04-26', '2020-05-09'],
        wording: '四、劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。',
      },
      {
        name: '端午节',
        off: ['2020-06-25', '2020-06-27'],
        makeupWorkdays: ['2020-06-28'],
        wording: '五、端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。',
      },
      {
        name: '国庆节、中秋节',
        off: ['2020-10-01', '2020-10-08'],
        makeupWorkdays: ['2020-09-27', '2020-10-10'],
        wording: '六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。',
      },
    ],
  },
  {
    year: 2021,
    notices: [
      {
        title: '国务院办公厅关于2021年部分节假日安排的通知',
        docNo: '国办发明电〔2020〕27号',
        issuer: GOV_OFFICE,
        dated: '2020-11-25',
        url: 'http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2021-01-01', '2021-01-03'],
        makeupWorkdays: [],
        wording: '一、元旦：2021年1月1日至3日放假，共3天。',
      },
      {
        name: '春节',
        off: ['2021-02-11', '2021-02-17'],
        makeupWorkdays: ['2021-02-07', '2021-02-20'],
        wording: '二、春节：2月11日至17日放假调休，共7天。2月7日（星期日）、2月20日（星期六）上班。',
      },
      {
        name: '清明节',
        off: ['2021-04-03', '2021-04-05'],
        makeupWorkdays: [],
        wording: '三、清明节：4月3日至5日放假调休，共3天。',
      },
      {
        name: '劳动节',
        off: ['2021-05-01', '2021-05-05'],
        makeupWorkdays: ['2021-04-25', '2021-05-08'],
        wording: '四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。',
      },
      {
        name: '端午节',
        off: ['2021-06-12', '2021-06-14'],
        makeupWorkdays: [],
        wording: '五、端午节：6月12日至14日放假，共3天。',
      },
      {
        name: '中秋节',
        off: ['2021-09-19', '2021-09-21'],
        makeupWorkdays: ['2021-09-18'],
        wording: '六、中秋节：9月19日至21日放假调休，共3天。9月18日（星期六）上班。',
      },
      {
        name: '国庆节',
        off: ['2021-10-01', '2021-10-07'],
        makeupWorkdays: ['2021-09-26', '2021-10-09'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。',
      },
    ],
  },
  {
    year: 2022,
    notices: [
      {
        title: '国务院办公厅关于2022年部分节假日安排的通知',
        docNo: '国办发明电〔2021〕11号',
        issuer: GOV_OFFICE,
        dated: '2021-10-25',
        url: 'http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm',
      },
    ],
    // 2022-12-31 (Saturday, off) is set by the 2023 notice and lives in the 2023 entry.
    periods: [
      {
        name: '元旦',
        off: ['2022-01-01', '2022-01-03'],
        makeupWorkdays: [],
        wording: '一、元旦：2022年1月1日至3日放假，共3天。',
      },
      {
        name: '春节',
        off: ['2022-01-31', '2022-02-06'],
        makeupWorkdays: ['2022-01-29', '2022-01-30'],
        wording: '二、春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2022-04-03', '2022-04-05'],
        makeupWorkdays: ['2022-04-02'],
        wording: '三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。',
      },
      {
        name: '劳动节',
        off: ['2022-04-30', '2022-05-04'],
        makeupWorkdays: ['2022-04-24', '2022-05-07'],
        wording: '四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。',
      },
      {
        name: '端午节',
        off: ['2022-06-03', '2022-06-05'],
        makeupWorkdays: [],
        wording: '五、端午节：6月3日至5日放假，共3天。',
      },
      {
        name: '中秋节',
        off: ['2022-09-10', '2022-09-12'],
        makeupWorkdays: [],
        wording: '六、中秋节：9月10日至12日放假，共3天。',
      },
      {
        name: '国庆节',
        off: ['2022-10-01', '2022-10-07'],
        makeupWorkdays: ['2022-10-08', '2022-10-09'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。',
      },
    ],
  },
  {
    year: 2023,
    notices: [
      {
        title: '国务院办公厅关于2023年部分节假日安排的通知',
        docNo: '国办发明电〔2022〕16号',
        issuer: GOV_OFFICE,
        dated: '2022-12-08',
        url: 'http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2022-12-31', '2023-01-02'],
        makeupWorkdays: [],
        wording: '一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。',
      },
      {
        name: '春节',
        off: ['2023-01-21', '2023-01-27'],
        makeupWorkdays: ['2023-01-28', '2023-01-29'],
        wording: '二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。',
      },
      {
        name: '清明节',
        off: ['2023-04-05', '2023-04-05'],
        makeupWorkdays: [],
        wording: '三、清明节：4月5日放假，共1天。',
      },
      {
        name: '劳动节',
        off: ['2023-04-29', '2023-05-03'],
        makeupWorkdays: ['2023-04-23', '2023-05-06'],
        wording: '四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。',
      },
      {
        name: '端午节',
        off: ['2023-06-22', '2023-06-24'],
        makeupWorkdays: ['2023-06-25'],
        wording: '五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。',
      },
      {
        name: '中秋节、国庆节',
        off: ['2023-09-29', '2023-10-06'],
        makeupWorkdays: ['2023-10-07', '2023-10-08'],
        wording: '六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。',
      },
    ],
  },
  {
    year: 2024,
    notices: [
      {
        title: '国务院办公厅关于2024年部分节假日安排的通知',
        docNo: '国办发明电〔2023〕7号',
        issuer: GOV_OFFICE,
        dated: '2023-10-25',
        url: 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2024-01-01', '2024-01-01'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日放假，与周末连休。',
      },
      {
        // The notice only "encourages" employers to give 除夕 (2-09) off: it stays a working day.
        name: '春节',
        off: ['2024-02-10', '2024-02-17'],
        makeupWorkdays: ['2024-02-04', '2024-02-18'],
        wording:
          '二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。',
      },
      {
        name: '清明节',
        off: ['2024-04-04', '2024-04-06'],
        makeupWorkdays: ['2024-04-07'],
        wording: '三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。',
      },
      {
        name: '劳动节',
        off: ['2024-05-01', '2024-05-05'],
        makeupWorkdays: ['2024-04-28', '2024-05-11'],
        wording: '四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。',
      },
      {
        name: '端午节',
        off: ['2024-06-10', '2024-06-10'],
        makeupWorkdays: [],
        wording: '五、端午节：6月10日放假，与周末连休。',
      },
      {
        name: '中秋节',
        off: ['2024-09-15', '2024-09-17'],
        makeupWorkdays: ['2024-09-14'],
        wording: '六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。',
      },
      {
        name: '国庆节',
        off: ['2024-10-01', '2024-10-07'],
        makeupWorkdays: ['2024-09-29', '2024-10-12'],
        wording: '七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。',
      },
    ],
  },
  {
    year: 2025,
    notices: [
      {
        title: '国务院办公厅关于2025年部分节假日安排的通知',
        docNo: '国办发明电〔2024〕12号',
        issuer: GOV_OFFICE,
        dated: '2024-11-12',
        url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
      },
    ],
    // First year under the 2024 revision (国务院令第795号): 春节 4 days from 除夕, 劳动节 2 days.
    periods: [
      {
        name: '元旦',
        off: ['2025-01-01', '2025-01-01'],
        makeupWorkdays: [],
        wording: '一、元旦：1月1日（周三）放假1天，不调休。',
      },
      {
        name: '春节',
        off: ['2025-01-28', '2025-02-04'],
        makeupWorkdays: ['2025-01-26', '2025-02-08'],
        wording: '二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。',
      },
      {
        name: '清明节',
        off: ['2025-04-04', '2025-04-06'],
        makeupWorkdays: [],
        wording: '三、清明节：4月4日（周五）至6日（周日）放假，共3天。',
      },
      {
        name: '劳动节',
        off: ['2025-05-01', '2025-05-05'],
        makeupWorkdays: ['2025-04-27'],
        wording: '四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。',
      },
      {
        name: '端午节',
        off: ['2025-05-31', '2025-06-02'],
        makeupWorkdays: [],
        wording: '五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。',
      },
      {
        name: '国庆节、中秋节',
        off: ['2025-10-01', '2025-10-08'],
        makeupWorkdays: ['2025-09-28', '2025-10-11'],
        wording: '六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。',
      },
    ],
  },
  {
    year: 2026,
    notices: [
      {
        title: '国务院办公厅关于2026年部分节假日安排的通知',
        docNo: '国办发明电〔2025〕7号',
        issuer: GOV_OFFICE,
        dated: '2025-11-04',
        url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
      },
    ],
    periods: [
      {
        name: '元旦',
        off: ['2026-01-01', '2026-01-03'],
        makeupWorkdays: ['2026-01-04'],
        wording: '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
      },
      {
        name: '春节',
        off: ['2026-02-15', '2026-02-23'],
        makeupWorkdays: ['2026-02-14', '2026-02-28'],
        wording:
          '二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。',
      },
      {
        name: '清明节',
        off: ['2026-04-04', '2026-04-06'],
        makeupWorkdays: [],
        wording: '三、清明节：4月4日（周六）至6日（周一）放假，共3天。',
      },
      {
        name: '劳动节',
        off: ['2026-05-01', '2026-05-05'],
        makeupWorkdays: ['2026-05-09'],
        wording: '四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。',
      },
      {
        name: '端午节',
        off: ['2026-06-19', '2026-06-21'],
        makeupWorkdays: [],
        wording: '五、端午节：6月19日（周五）至21日（周日）放假，共3天。',
      },
      {
        name: '中秋节',
        off: ['2026-09-25', '2026-09-27'],
        makeupWorkdays: [],
        wording: '六、中秋节：9月25日（周五）至27日（周日）放假，共3天。',
      },
      {
        name: '国庆节',
        off: ['2026-10-01', '2026-10-07'],
        makeupWorkdays: ['2026-09-20', '2026-10-10'],
        wording: '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。',
      },
    ],
  },
];
