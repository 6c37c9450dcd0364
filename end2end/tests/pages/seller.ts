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
