import { Layout, type PageEnv } from './ui.js';

export function ErrorPage(p: { env: PageEnv; status: number; title: string; messages: string[]; reference?: string }) {
  return (
    <Layout env={p.env} title={p.title}>
      <div class="error-page">
        {p.messages.map((m) => (
          <p>{m}</p>
        ))}
        {p.reference && p.status >= 500 && (
          <p>
            参考编号：<code>{p.reference}</code>
          </p>
        )}
        <p>
          <a href="/">返回首页</a>
          {p.status === 403 || p.status === 401 ? (
            <>
              {' · '}
              <a href="/login">以其他账户登录</a>
            </>
          ) : null}
        </p>
      </div>
    </Layout>
  );
}
