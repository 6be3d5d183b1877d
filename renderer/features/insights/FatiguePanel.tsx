import { describeBusinessHours } from '../../../shared/insights/localClock';
import type { FatigueView } from '../../../shared/ipc/insightsContract';
import { useInsightsStore } from '../../store/insightsSlice';
import { capitalise } from './capitalise';
import { ExportButtons } from './ExportButtons';
import { Problems, ReportError } from './MetricsPanel';
import { PeriodPicker } from './PeriodPicker';
import { TeamSettings } from './TeamSettings';
import { useReport } from './useReport';

/** The alert-fatigue report for the weekly review, exported as Markdown. */
export function FatiguePanel() {
  const days = useInsightsStore((s) => s.days);
  const { data, error, reload } = useReport('insights:fatigue', { days });
  return (
    <section className="insights-section" aria-label="Alert fatigue">
      <div className="insights-controls">
        <PeriodPicker />
        {data && <ExportButtons what="weekly review" fileName={data.fileName} markdown={data.markdown} />}
      </div>
      {error ? (
        <ReportError error={error} retry={reload} />
      ) : !data ? (
        <p role="status">Reading the history…</p>
      ) : (
        <FatigueBody data={data} onSettingsSaved={reload} />
      )}
    </section>
  );
}

function FatigueBody({ data, onSettingsSaved }: { data: FatigueView; onSettingsSaved: () => void }) {
  const r = data.report;
  const t = r.totals;
  const worstWeek = r.weeks.reduce((m, w) => Math.max(m, w.actionablePerEngineer), 0);
  const off = r.outsideBusinessHours;
  const hours = describeBusinessHours(r.businessHours);
  return (
    <>
      <div className="tiles">
        <Tile label="Notifications" value={t.notifications} sub={`${t.pages} pages`} />
        <Tile label="Incidents" value={t.incidents} sub={`${t.outcomes.actionable} led to action`} />
        <Tile
          label="Actionable"
          value={t.actionableRatio === null ? 'n/a' : `${Math.round(t.actionableRatio * 100)}%`}
          sub="acknowledged, then a step, note or action"
        />
        <Tile
          label="Actionable per engineer, busiest week"
          value={round1(worstWeek)}
          sub={`budget: fewer than ${r.budgetPerEngineerWeek} (${r.engineers} on the rotation)`}
          bad={worstWeek >= r.budgetPerEngineerWeek}
        />
        <Tile label="Outside business hours" value={off.incidents} sub={`incidents, ${off.pages} pages`} />
      </div>

      <h2>Load per week</h2>
      <table className="insights-table weeks-table">
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th className="n">Notifications</th>
            <th className="n">Pages</th>
            <th className="n">Incidents</th>
            <th className="n">Actionable</th>
            <th className="n">Per engineer</th>
            <th>Budget</th>
          </tr>
        </thead>
        <tbody>
          {r.weeks.map((w) => (
            <tr key={w.weekOf}>
              <th scope="row" className="num">
                {w.weekOf}
              </th>
              <td className="n num">{w.notifications}</td>
              <td className="n num">{w.pages}</td>
              <td className="n num">{w.incidents}</td>
              <td className="n num">{w.actionable}</td>
              <td className="n num">{round1(w.actionablePerEngineer)}</td>
              <td className={w.overBudget ? 'over-budget' : 'muted'}>{w.overBudget ? 'over budget' : 'within'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="insights-columns">
        <div>
          <h2>Noisiest rules</h2>
          {r.noisiestRules.length === 0 ? (
            <p className="muted">No alerts in this period.</p>
          ) : (
            <table className="insights-table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th className="n">Incidents</th>
                  <th className="n">Notifications</th>
                  <th className="n">Pages</th>
                  <th className="n">Actionable</th>
                  <th className="n">Untouched</th>
                </tr>
              </thead>
              <tbody>
                {r.noisiestRules.map((n) => (
                  <tr key={n.alertname}>
                    <th scope="row">{n.alertname}</th>
                    <td className="n num">{n.incidents}</td>
                    <td className="n num">{n.notifications}</td>
                    <td className="n num">{n.pages}</td>
                    <td className="n num">
                      {n.actionable}{' '}
                      <span className="muted small">
                        ({n.actionableRatio === null ? 'n/a' : `${Math.round(n.actionableRatio * 100)}%`})
                      </span>
                    </td>
                    <td className="n num">{n.untouched}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Flapping alerts</h2>
          {r.flapping.length === 0 ? (
            <p className="muted">None: no incident resolved and fired again.</p>
          ) : (
            <ul className="plain-list">
              {r.flapping.map((f) => (
                <li key={f.alertname}>
                  <strong>{f.alertname}</strong>{' '}
                  <span className="num">
                    fired again {f.refires} time{f.refires === 1 ? '' : 's'} after resolving ({f.incidents} incident
                    {f.incidents === 1 ? '' : 's'})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h2>Outside business hours</h2>
          <p className="muted small">
            {hours}, {data.timeZone}
          </p>
          {off.byRule.length === 0 ? (
            <p className="muted">Nothing fired outside business hours.</p>
          ) : (
            <ul className="plain-list">
              {off.byRule.map((b) => (
                <li key={b.alertname}>
                  <strong>{b.alertname}</strong>{' '}
                  <span className="num">
                    {b.incidents} incident{b.incidents === 1 ? '' : 's'}, {b.pages} page{b.pages === 1 ? '' : 's'}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>Rules without a runbook</h2>
          {!data.coverage.available ? (
            <p className="not-known" data-testid="coverage-unknown">
              <strong>Not known.</strong> {capitalise(data.coverage.message)}
            </p>
          ) : r.rulesWithoutRunbook.length === 0 ? (
            <p className="muted">Every rule has a runbook. {data.coverage.message}</p>
          ) : (
            <>
              <ul className="plain-list">
                {r.rulesWithoutRunbook.map((n) => (
                  <li key={n.alertname}>
                    <strong>{n.alertname}</strong>{' '}
                    <span className="num muted">
                      {n.incidents ? `fired ${n.incidents}×, ${n.pages} pages` : 'did not fire'}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="muted small">{data.coverage.message}</p>
            </>
          )}
        </div>
      </div>

      <h2>Questions for the review</h2>
      {r.questions.length === 0 ? (
        <p className="muted">Nothing stands out in this period.</p>
      ) : (
        <ul className="questions">
          {r.questions.map((q) => (
            <li key={q}>{q}</li>
          ))}
        </ul>
      )}

      <TeamSettings onSaved={onSettingsSaved} />
      <details className="markdown-preview">
        <summary>Markdown</summary>
        <pre>{data.markdown}</pre>
      </details>
      {data.problems.length > 0 && <Problems problems={data.problems} />}
    </>
  );
}

function Tile({ label, value, sub, bad }: { label: string; value: string | number; sub: string; bad?: boolean }) {
  return (
    <div className={bad ? 'tile bad' : 'tile'}>
      <div className="tile-label">{label}</div>
      <div className="tile-value num">{value}</div>
      <div className="tile-sub muted small">{sub}</div>
    </div>
  );
}

function round1(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
