import { expect, type Locator, type Page } from '@playwright/test';

/** The seller and operator consoles share one frame. */
export class ConsolePage {
  readonly root: Locator;

  constructor(readonly page: Page, readonly kind: 'seller' | 'admin') {
    this.root = page.getByTestId(`${kind}-console`);
  }

  async open() {
    await this.page.goto(`/${this.kind}`);
    await expect(this.root).toBeVisible();
  }
}
