import { addDays } from '../../domain/calendar/index.js';
import { idCardCheckChar } from '../../domain/scan.js';
import { chinaDate } from '../../domain/time.js';
import { recordAppeal, recordConsultation } from '../appeals/service.js';
import { currentCalendar } from '../calendar/service.js';
import type { Ctx } from '../context.js';
import { confirmReceipt, newFormToken, notifyFee, registerApplication, reply, requestCorrection, submitPublic } from './service.js';

// A few applications for the demo, in the states a handler meets: awaiting receipt, running, due
// soon, overdue, awaiting correction, awaiting payment, replied. Made through the service on the
// days they would have happened, so their events, letters and deadlines are real.

const person = (n: number, name: string, description: string) => {
  const first17 = `3307021985${String(1 + (n % 12)).padStart(2, '0')}${String(10 + n).padStart(2, '0')}12${n % 10}`;
  return {
    applicantType: 'natural',
    name,
    idType: 'idCard',
    idNumber: first17 + idCardCheckChar(first17),
    phone: `1380057${String(1000 + n)}`,
    email: `demo${n}@example.cn`,
    address: '示例市人民路1号',
    description,
    wantedForm: 'electronic',
    delivery: 'email',
  };
};

export async function seedDemoApplications(ctx: Ctx, agencyId: number): Promise<void> {
  const calendar = await currentCalendar(ctx.db);
  const today = chinaDate(ctx.now());
  /** The working day n working days before today. */
  const back = (n: number) => {
    let d = today;
    let left = n;
    while (left > 0) {
      d = addDays(d, -1);
      if (calendar.isWorkday(d)) left--;
    }
    return d;
  };
  const on = (day: string): Ctx => ({ ...ctx, now: () => new Date(`${day}T02:00:00Z`) });
  const staff = (n: number, name: string, text: string, channel: string, day: string) =>
    registerApplication(on(day), agencyId, { ...person(n, name, text), channel, receivedOn: day });

  await submitPublic(
    ctx,
    { ...person(1, '赵晓明', '请公开本市2024年义务教育阶段学校招生计划'), agencyId: String(agencyId), formToken: newFormToken() },
    'demo',
  );
  await staff(2, '钱丽', '请公开示例市第三中学新校区建设项目的环境影响评价文件', 'inPerson', back(8));
  await staff(3, '孙建国', '请公开2023年度校车安全专项检查的结果', 'signedPost', back(18));
  await staff(4, '李娜', '请公开教育局2023年度部门决算中“三公”经费的明细', 'letter', back(24));
  const corr = await staff(5, '周强', '请公开学校的有关文件', 'email', back(3));
  await requestCorrection(on(back(2)), corr.id, { correctionItems: '请写明所需文件的名称、年份或学校名称。', correctionPeriod: '10' });
  const fee = await staff(6, '吴敏', '请提供2019年至2023年全部教育收费批复文件的复印件', 'inPerson', back(6));
  await notifyFee(on(back(4)), fee.id, { feeMethod: 'perVolume', feePages: '120' });
  const done = await staff(7, '郑华', '请公开2023年教师招聘考试的成绩和录用名单', 'inPerson', back(30));
  await reply(on(back(16)), done.id, { outcome: 'granted', access: '相关信息已在本局门户网站主动公开，网址见答复书。' });
  const online = await submitPublic(
    on(back(10)),
    {
      ...person(8, '王芳', '请公开2024年春季学期学生资助资金的发放名单（不含个人身份信息）'),
      agencyId: String(agencyId),
      formToken: newFormToken(),
    },
    'demo',
  );
  await confirmReceipt(on(back(9)), online.app.id, { receivedOn: back(9) });
  for (const [channel, n] of [
    ['onsite', 3],
    ['phone', 5],
    ['online', 2],
  ] as const)
    for (let i = 0; i < n; i++)
      await recordConsultation(on(back(i + 1)), agencyId, { channel, occurredOn: back(i + 1), topic: '如何申请政府信息公开' });
  await recordAppeal(ctx, agencyId, {
    kind: 'reconsideration',
    filedOn: back(5),
    trackingCode: done.tracking_code,
    body: '示例市人民政府',
  });
}
