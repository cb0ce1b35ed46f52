// Charts for auditors: hours and goods over time, read from the ledger itself as balances at the
// end of each month (the api's balance-at-a-past-time), so nothing is suppressed and nothing is
// added up in the browser: each bar is a balance the api computed. Hours issued by the time bank
// show as the issuance account's negative balance, goods donated as the in-kind income account's.
import { api, withQuery } from '../api.js';
import type { BalanceView, CatalogueItemView, PageOf } from '@linli/contract';
import { barChart } from '../components/chart.js';
import { h, replaceChildren } from '../components/dom.js';
import { fieldElement } from '../components/form.js';
import { loadInto } from '../components/states.js';
import { formatAmount, formatDecimal } from '../i18n/format.js';
import { locale, t } from '../i18n/i18n.js';
import { pageHeader, section, type Page } from '../page.js';

/** Months drawn, this one included. */
export const chartMonths = 6;

interface MonthEnd {
  label: string;
  /** The end of the month in the community's time zone; undefined for this month (now). */
  at: string | undefined;
}

function monthEnds(now: Date): MonthEnd[] {
  // The community's calendar is UTC+8: shift, then read the UTC fields.
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const ends: MonthEnd[] = [];
  for (let back = chartMonths - 1; back >= 0; back -= 1) {
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth() - back;
    const first = new Date(Date.UTC(year, month, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    const label = new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(first);
    ends.push({ label, at: back === 0 ? undefined : `${last.toISOString().slice(0, 10)}T23:59:59+08:00` });
  }
  return ends;
}

/** The balances of one account at each month end. */
function balancesAt(account: string, months: readonly MonthEnd[], signal: AbortSignal): Promise<BalanceView[]> {
  return Promise.all(
    months.map((month) =>
      api<BalanceView>(withQuery(`/api/v1/accounts/${encodeURIComponent(account)}/balance`, { at: month.at }), { signal }),
    ),
  );
}

/** Accounts that grow negative (issuance, income) are drawn by their size: the sign is dropped from the string. */
function size(balance: BalanceView): string {
  return balance.balance.replace(/^-/, '');
}

export const chartsPage: Page = {
  path: '/auditor/charts',
  group: 'auditor',
  title: 'charts.title',
  access: ['auditor', 'admin'],
  inMenu: true,
  render: ({ main, signal }) => {
    const months = monthEnds(new Date());
    const labels = months.map((month) => month.label);
    const hours = h('div', {});
    const goods = h('div', {});
    replaceChildren(
      main,
      pageHeader('charts.title', 'charts.intro'),
      section(t('charts.hoursTitle'), hours),
      section(t('charts.goodsTitle'), goods),
    );
    void loadInto(
      hours,
      signal,
      () => balancesAt('hours/issuance', months, signal),
      (balances) =>
        barChart({
          title: t('charts.hoursChart'),
          labels,
          series: [{ name: t('charts.hoursIssued'), values: balances.map(size) }],
          format: (value) => formatAmount(value, 'HOUR'),
        }),
    );
    void loadInto(
      goods,
      signal,
      () => api<PageOf<CatalogueItemView>>('/api/v1/catalogue/items?limit=100', { signal }),
      (catalogue) => {
        const chart = h('div', {});
        const first = catalogue.items[0];
        if (first === undefined) return h('p', { class: 'state state-empty' }, t('stats.noGoods'));
        const draw = (code: string): void => {
          const item = catalogue.items.find((candidate) => candidate.code === code) ?? first;
          void loadInto(
            chart,
            signal,
            () =>
              Promise.all([
                balancesAt(`income/in-kind/${item.code}`, months, signal),
                balancesAt(`distributed/${item.code}`, months, signal),
              ]),
            ([donated, distributed]) =>
              barChart({
                title: t('charts.goodsChart', { item: item.name }),
                labels,
                series: [
                  { name: t('charts.goodsDonated'), values: donated.map(size) },
                  { name: t('charts.goodsDistributed'), values: distributed.map(size) },
                ],
                format: formatDecimal,
              }),
          );
        };
        const field = fieldElement(
          {
            name: 'chartItem',
            label: 'stats.item',
            kind: 'select',
            options: catalogue.items.map((item) => ({ value: item.code, label: item.name })),
          },
          first.code,
        );
        field.onChange(() => draw(field.read()));
        draw(first.code);
        return h('div', {}, field.wrapper, chart);
      },
    );
  },
};
