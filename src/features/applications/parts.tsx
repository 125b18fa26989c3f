import type { SkippedDay, WorkdayCount } from '../../domain/calendar/index.js';
import { type ClockState, type DueExplanation, type Stage, stageLabels } from '../../domain/clock.js';
import { type Outcome, outcomeDefs, printedLabel } from '../../domain/outcomes.js';
import { formatInstant } from '../../format.js';
import type { CaseEvent } from './cases.js';

// Parts shared by the staff case page and the applicant's tracking page: the stage, the deadline
// with how it was reached, and the timeline of events.

export function StageBadge({ stage, overdue }: { stage: Stage; overdue?: boolean }) {
  return (
    <span class={`status stage-${stage}${overdue ? ' late' : ''}`}>
      {stageLabels[stage]}
      {overdue ? '（已逾期）' : ''}
    </span>
  );
}

/** "还有 N 个工作日" / "今天到期" / "已逾期 N 个工作日" / "暂停计算". */
export function LeftText({ clock }: { clock: ClockState }) {
  if (clock.closed) return <>已办结</>;
  if (clock.workdaysLeft !== null) {
    if (clock.workdaysLeft > 0) return <>还有 {clock.workdaysLeft} 个工作日</>;
    if (clock.workdaysLeft === 0) return <strong class="late">今天到期</strong>;
    return <strong class="late">已逾期 {-clock.workdaysLeft} 个工作日</strong>;
  }
  if (clock.pausedLeft !== null) return <>暂停计算（剩余 {clock.pausedLeft} 个工作日）</>;
  if (clock.stage === 'awaitingCorrection') return <>等待补正，答复期限自收到补正之日起重新计算</>;
  return <>尚未起算</>;
}

/** Weekends counted, holidays by name with their first and last day. */
function skippedSummary(skipped: readonly SkippedDay[]): string {
  const weekends = skipped.filter((d) => d.reason.startsWith('周')).length;
  const holidays = new Map<string, string[]>();
  for (const d of skipped) if (!d.reason.startsWith('周')) holidays.set(d.reason, [...(holidays.get(d.reason) ?? []), d.date]);
  const parts: string[] = [];
  if (weekends) parts.push(`周末 ${weekends} 天`);
  for (const [name, days] of holidays)
    parts.push(`${name} ${days.length} 天（${days[0]}${days.length > 1 ? `至${days[days.length - 1]}` : ''}）`);
  return parts.join('，') || '无';
}

/** How a period of N working days was counted, for any WorkdayCount. */
export function CountNote({ count, what }: { count: WorkdayCount; what: string }) {
  return (
    <span class="muted">
      （{what}：自 {count.start} 起，当日不计，第 {count.counted} 个工作日；跳过{skippedSummary(count.skipped)}
      {count.makeupDaysCounted.length > 0 && `；计入调休上班日 ${count.makeupDaysCounted.join('、')}`}
      {count.provisional && '；涉及尚未公布放假安排的年份，日期为暂定'}）
    </span>
  );
}

const pauseReason = (p: DueExplanation['pauses'][number], publicView: boolean) =>
  p.reason === 'fee' ? '等待缴纳信息处理费' : publicView ? '书面征求意见' : `书面征求${p.party ?? ''}意见`;

/** The reply deadline explained: start, restart, holidays skipped, paused spans, extension. */
export function DueExplained({ reply, publicView = false }: { reply: DueExplanation; publicView?: boolean }) {
  return (
    <ul class="explain">
      <li>
        起算：{reply.startReason === 'corrected' ? '收到补正后申请之日' : '收到申请之日'} {reply.start}
        （当日不计，次日起算，《条例》第三十三条）
        {reply.restartedFrom && `；原收到申请之日 ${reply.restartedFrom}，补正后重新计算（《条例》第三十条）`}
      </li>
      <li>
        期限：{reply.base} 个工作日{reply.extension > 0 && ` + 延长 ${reply.extension} 个工作日（《条例》第三十三条第二款）`}
      </li>
      {reply.pauses.map((p) => (
        <li>
          暂停：{p.from} 次日至 {p.to ?? '今'}，{pauseReason(p, publicView)}，{p.workdays} 个工作日不计入（
          {p.reason === 'fee' ? '《政府信息公开信息处理费管理办法》' : '《条例》第三十三条第三款'}）{p.to === null && '，仍在进行'}
        </li>
      ))}
      <li>跳过的非工作日：{skippedSummary(reply.skipped)}</li>
      {reply.makeupDaysCounted.length > 0 && <li>计入的调休上班日：{reply.makeupDaysCounted.join('、')}</li>}
      {reply.provisional && <li class="late">期间涉及尚未公布放假安排的年份，期限为暂定，公布后自动重算。</li>}
    </ul>
  );
}

export const outcomeText = (o: string) =>
  o in outcomeDefs ? `${printedLabel(o as Outcome)}（${outcomeDefs[o as Outcome].shortLabel}）` : o;

const opinionLabels: Record<string, string> = { agree: '同意公开', object: '不同意公开', partly: '部分同意' };

/** What an event says, in a sentence. `publicView` leaves out staff-internal events and names of third parties. */
export function eventText(e: CaseEvent, publicView: boolean): string | null {
  const d = e.data;
  switch (e.type) {
    case 'submitted':
      return d.by === 'transfer'
        ? `由${(d.from as { agencyName: string }).agencyName}转来（原查询码 ${(d.from as { trackingCode: string }).trackingCode}）`
        : d.by === 'public'
          ? '网上提交申请'
          : `工作人员登记申请${d.note && !publicView ? `：${d.note}` : ''}`;
    case 'received':
      return `确认收到申请，收到申请之日为 ${e.on}`;
    case 'correctionRequested':
      return `告知补正（补正期限 ${d.periodWorkdays} 个工作日）：${d.items}`;
    case 'corrected':
      return `收到补正：${d.text}`;
    case 'consultationSent':
      return publicView
        ? '书面征求第三方或其他机关意见（征求意见期间不计入答复期限）'
        : `书面征求${d.party}意见（${d.kind === 'agency' ? '其他机关' : '第三方'}）：${d.matter}`;
    case 'consultationAnswered':
      return publicView ? '征求意见结束' : `收到征求意见答复：${opinionLabels[d.opinion as string] ?? ''}${d.note ? `，${d.note}` : ''}`;
    case 'extensionRequested':
      return publicView ? null : `申请延长答复期限 ${d.workdays} 个工作日：${d.reason}`;
    case 'extensionApproved':
      return `经批准延长答复期限 ${d.workdays} 个工作日`;
    case 'extensionRefused':
      return publicView ? null : `不同意延期${d.note ? `：${d.note}` : ''}`;
    case 'feeNotified':
      return `发出收费通知，应缴信息处理费 ${d.amount} 元`;
    case 'feePaid':
      return '已缴纳信息处理费';
    case 'replied':
      return `答复：${outcomeText(d.outcome as string)}${d.transferredTo ? `，已转交${(d.transferredTo as { agencyName: string }).agencyName}办理（新查询码 ${(d.transferredTo as { trackingCode: string }).trackingCode}）` : ''}`;
    case 'withdrawn':
      return `申请人撤回申请${d.reason ? `：${d.reason}` : ''}`;
    case 'closedByClock':
      return `终止办理：${outcomeText(d.outcome as string)}`;
    case 'assigned':
      return publicView ? null : `${d.claimed ? '认领' : '分配给'} ${d.handlerName}`;
    case 'fileAdded':
      return publicView ? null : `添加附件 ${d.name}`;
    default:
      return publicView ? null : e.type;
  }
}

export function Timeline(p: {
  events: readonly CaseEvent[];
  letters: readonly { id: number; event_seq: number; title: string; doc_no: string }[];
  letterHref: (id: number) => string;
  publicView: boolean;
}) {
  return (
    <ol class="timeline">
      {p.events.map((e) => {
        const text = eventText(e, p.publicView);
        if (text === null) return null;
        const letters = p.letters.filter((l) => l.event_seq === e.seq);
        return (
          <li>
            <time dateTime={e.at}>{formatInstant(e.at)}</time>
            {e.on && <span class="muted">（{e.on}）</span>} {text}
            {!p.publicView && <span class="muted"> · {e.actor}</span>}
            {letters.map((l) => (
              <>
                {' · '}
                <a href={p.letterHref(l.id)}>
                  {l.title}（{l.doc_no}）
                </a>
              </>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
