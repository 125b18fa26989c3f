import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { CurrentUser } from '../features/context.js';

/** What every page needs from the request: who is looking, the CSRF token, a one-shot notice. */
export interface PageEnv {
  user: CurrentUser | null;
  csrfToken: string;
  notice: string | null;
  path: string;
}

export const SITE_NAME = '政府信息公开平台';

export function renderPage(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

export function Layout(props: { env: PageEnv; title: string; children: ComponentChildren; wide?: boolean; head?: ComponentChildren }) {
  const { env, title } = props;
  const u = env.user;
  const staffNav = u && !u.mustChangePassword;
  const link = (href: string, label: string) => (
    <li>
      <a
        href={href}
        aria-current={env.path === href || (!['/', '/admin'].includes(href) && env.path.startsWith(`${href}/`)) ? 'page' : undefined}
      >
        {label}
      </a>
    </li>
  );
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${SITE_NAME}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          跳到正文
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              {SITE_NAME}
            </a>
            <nav aria-label="主导航">
              <ul>
                {link('/', '首页')}
                {link('/apply', '申请公开')}
                {staffNav && link('/admin', '工作台')}
                {staffNav && link('/admin/agencies', '机关')}
                {staffNav && link('/admin/users', '用户')}
                {staffNav && link('/admin/reviews', '待审查')}
                {staffNav && link('/admin/applications', '依申请公开')}
                {staffNav && link('/admin/calendar', '工作日历')}
                {staffNav && link('/admin/reader', '年报解读')}
                {staffNav && link('/admin/audit', '审计日志')}
              </ul>
            </nav>
            <div class="account">
              {u ? (
                <>
                  <a href="/account">{u.displayName}</a>
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="_csrf" value={env.csrfToken} />
                    <button type="submit" class="link-button">
                      退出登录
                    </button>
                  </form>
                </>
              ) : (
                <a href="/login">工作人员登录</a>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} class={props.wide ? 'wide' : undefined}>
          {env.notice && (
            <p class="notice" role="status">
              {env.notice}
            </p>
          )}
          <h1>{title}</h1>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>政府信息公开平台 · 依据《中华人民共和国政府信息公开条例》（国务院令第711号）</p>
        </footer>
      </body>
    </html>
  );
}

export type Values = Record<string, unknown>;
export type Errors = Record<string, string>;

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Lists every error at the top of a form, each linking to its field (WCAG 3.3.1). */
export function ErrorSummary({ errors, labels }: { errors: Errors; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">请修改以下内容</h2>
      <ul>
        {entries.map(([k, msg]) =>
          k === '_form' || !labels[k] ? (
            <li>{msg}</li>
          ) : (
            <li>
              <a href={`#f-${k}`}>
                {labels[k]}：{msg}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  values: Values;
  errors: Errors;
  type?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  maxLength?: number;
  inputMode?: string;
}

/** Label, hint and error around one control, wired with aria-describedby (WCAG 1.3.1, 3.3.1). */
function FieldShell(p: {
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => ComponentChildren;
}) {
  const describedBy = [p.hint ? `h-${p.name}` : '', p.error ? `e-${p.name}` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field has-error' : 'field'}>
      <label for={`f-${p.name}`}>
        {p.label}
        {p.required && <span class="req">（必填）</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`h-${p.name}`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error" id={`e-${p.name}`}>
          {p.error}
        </p>
      )}
      {p.children(describedBy)}
    </div>
  );
}

export function Field(p: FieldProps) {
  const err = p.errors[p.name];
  return (
    <FieldShell name={p.name} label={p.label} required={p.required} hint={p.hint} error={err}>
      {(describedBy) => (
        <input
          id={`f-${p.name}`}
          name={p.name}
          type={p.type ?? 'text'}
          value={p.type === 'password' ? '' : str(p.values[p.name])}
          required={p.required}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={describedBy}
          autocomplete={p.autocomplete}
          maxLength={p.maxLength}
          inputMode={p.inputMode as 'text' | undefined}
        />
      )}
    </FieldShell>
  );
}

export function Select(
  p: Omit<FieldProps, 'type' | 'autocomplete' | 'maxLength' | 'inputMode'> & { options: [string, string][]; placeholder?: string },
) {
  const err = p.errors[p.name];
  const current = str(p.values[p.name]);
  return (
    <FieldShell name={p.name} label={p.label} required={p.required} hint={p.hint} error={err}>
      {(describedBy) => (
        <select
          id={`f-${p.name}`}
          name={p.name}
          required={p.required}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={describedBy}
        >
          {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
          {p.options.map(([v, label]) => (
            <option value={v} selected={v === current}>
              {label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** The scripts and styles of the rich-text editor (static/editor.js), for the head of a page with a `richText` TextArea. */
export function RichTextAssets() {
  return (
    <>
      <link rel="stylesheet" href="/static/vendor/quill/quill.snow.css" />
      <script src="/static/vendor/quill/quill.js" defer />
      <script src="/static/editor.js" defer />
    </>
  );
}

export function TextArea(p: Omit<FieldProps, 'type' | 'autocomplete' | 'inputMode'> & { rows?: number; richText?: boolean }) {
  const err = p.errors[p.name];
  return (
    <FieldShell name={p.name} label={p.label} required={p.required} hint={p.hint} error={err}>
      {(describedBy) => (
        <textarea
          id={`f-${p.name}`}
          name={p.name}
          rows={p.rows ?? 5}
          required={p.required}
          maxLength={p.maxLength}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={describedBy}
          data-rich-text={p.richText ? '' : undefined}
        >
          {str(p.values[p.name])}
        </textarea>
      )}
    </FieldShell>
  );
}

export function CheckboxGroup(p: {
  name: string;
  legend: string;
  values: Values;
  errors: Errors;
  options: [string, string][];
  hint?: string;
}) {
  const raw = p.values[p.name];
  const checked = new Set((Array.isArray(raw) ? raw : raw == null || raw === '' ? [] : [raw]).map(String));
  const err = p.errors[p.name];
  return (
    <fieldset class={err ? 'field has-error' : 'field'} id={`f-${p.name}`}>
      <legend>{p.legend}</legend>
      {p.hint && <p class="hint">{p.hint}</p>}
      {err && <p class="error">{err}</p>}
      <div class="checks">
        {p.options.map(([v, label]) => (
          <label class="check">
            <input type="checkbox" name={p.name} value={v} checked={checked.has(v)} /> {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Csrf({ env }: { env: PageEnv }) {
  return <input type="hidden" name="_csrf" value={env.csrfToken} />;
}

/** A POST button with its own small form (for actions such as 停用 or 撤销). */
/** A one-button form; `name` is what a screen reader hears when the label alone does not say which row it acts on. */
export function ActionButton(p: {
  env: PageEnv;
  action: string;
  label: string;
  name?: string;
  danger?: boolean;
  fields?: Record<string, string>;
}) {
  return (
    <form method="post" action={p.action} class="inline">
      <Csrf env={p.env} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={p.danger ? 'danger' : 'secondary'} aria-label={p.name}>
        {p.label}
      </button>
    </form>
  );
}

export { formatInstant } from '../format.js';
