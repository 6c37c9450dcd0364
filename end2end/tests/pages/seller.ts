import { expect, type Locator, type Page } from '@playwright/test';

/** The seller console's performance scorecard panel. */
export class PerformancePanel {
  readonly root: Locator;
  readonly cards: Locator;
  readonly score: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('performance-panel');
    this.cards = this.root.getByTestId('metric');
    this.score = this.root.getByTestId('performance-score');
  }

  async open() {
    await this.page.goto('/seller');
    await this.loaded();
  }

  /** Waits for the scorecard to arrive (e.g. after signing in with `?next=/seller`). */
  async loaded() {
    await expect(this.root).toBeVisible();
    await expect(this.cards.first()).toBeVisible();
  }

  /** The card of one measure, by its `shared::scorecard::MetricKind` name. */
  card(kind: string): Locator {
    return this.root.locator(`[data-metric="${kind}"]`);
  }

  value(kind: string): Locator {
    return this.card(kind).getByTestId('metric-value');
  }

  status(kind: string): Locator {
    return this.card(kind).getByTestId('metric-status');
  }
}

/** The seller console's sales analytics page (`/seller/analytics`). */
export class AnalyticsPage {
  readonly root: Locator;
  readonly kpis: Locator;
  readonly charts: Locator;
  readonly empty: Locator;
  readonly topProducts: Locator;
  readonly rows: Locator;
  readonly from: Locator;
  readonly to: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('analytics-page');
    this.kpis = this.root.getByTestId('kpi');
    this.charts = this.root.getByTestId('analytics-charts');
    this.empty = this.root.getByTestId('analytics-empty');
    this.topProducts = this.root.getByTestId('top-products');
    this.rows = this.topProducts.getByTestId('top-product');
    this.from = this.root.getByTestId('analytics-from');
    this.to = this.root.getByTestId('analytics-to');
  }

  async open(query = '') {
    await this.page.goto(`/seller/analytics${query}`);
    await this.loaded();
  }

  /** Waits for the report: charts, or the empty state of a shop with nothing to show yet. */
  async loaded() {
    await expect(this.root).toBeVisible();
    await expect(this.charts.or(this.empty)).toBeVisible();
  }

  kpi(name: 'gmv' | 'orders' | 'views' | 'conversion'): Locator {
    return this.root.locator(`[data-kpi="${name}"]`);
  }

  async lastDays(days: 7 | 30 | 90) {
    await this.root.getByTestId(`analytics-last-${days}`).click();
    await expect(this.root.getByTestId(`analytics-last-${days}`)).toHaveAttribute('aria-current', 'true');
    await this.loaded();
  }

  async groupBy(granularity: 'day' | 'week') {
    await this.root.getByTestId(`analytics-by-${granularity}`).click();
    await expect(this.root.getByTestId(`analytics-by-${granularity}`)).toHaveAttribute('aria-current', 'true');
    await this.loaded();
  }

  async showRange(from: string, to: string) {
    await this.from.fill(from);
    await this.to.fill(to);
    await this.root.getByTestId('analytics-show').click();
    await this.loaded();
  }

  /** Sorts the top products: the column's header button on a wide screen, the select on a phone. */
  async sortBy(sort: 'gmv' | 'orders' | 'units' | 'views' | 'conversion') {
    // The select shows only where the table's headers are hidden (each product a card, below 720 px).
    const select = this.topProducts.getByTestId('top-products-sort');
    if (await select.isVisible()) {
      await select.selectOption(sort);
    } else {
      await this.topProducts.getByTestId(`sort-${sort}`).click();
    }
    await expect(this.topProducts.getByTestId('top-products-table')).toHaveAttribute('data-sort', sort);
  }
}
