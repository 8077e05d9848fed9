import { Layout } from '../layout.js';
import type { Viewer } from '../viewer.js';

/** The exports desk: the 公示 list, the typical-case table, and where the other exports live. */
export function ExportsPage(props: { viewer: Viewer; today: string; error?: string }) {
  return (
    <Layout title="导出" viewer={props.viewer}>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <section>
        <h2>公示清单（个人信息已脱敏）</h2>
        <form method="get" action="/exports/publicity" class="inline">
          <label>
            结果日期自 <input type="date" name="from" required />
          </label>
          <label>
            至 <input type="date" name="to" value={props.today} required />
          </label>
          <label>
            格式{' '}
            <select name="format">
              <option value="html">HTML</option>
              <option value="csv">CSV</option>
            </select>
          </label>
          <button type="submit">导出</button>
        </form>
      </section>
      <section>
        <h2>典型案例表（XLSX）</h2>
        <form method="get" action="/exports/cases.xlsx" class="inline">
          <label>
            线索编号 <input name="ids" placeholder="例如 12, 15" required />
          </label>
          <button type="submit">导出</button>
        </form>
      </section>
      <section>
        <h2>其他导出</h2>
        <ul>
          <li>
            线索证据包（ZIP，含清单、哈希、摘要与电子数据提取笔录 PDF）与移送公安材料包：在各
            <a href="/leads">线索</a>页面。
          </li>
          <li>
            知识产权执法数据统计表（XLSX / CSV）：<a href="/stats">统计表</a>。
          </li>
          <li>
            线索通报函：<a href="/transfers">线索通报</a>。
          </li>
        </ul>
      </section>
    </Layout>
  );
}
