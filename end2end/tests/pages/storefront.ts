import { expect, type Locator, type Page } from '@playwright/test';

/** The storefront home: hero, product grid, pagination, language switcher. */
export class StorefrontPage {
  readonly productCards: Locator;
  readonly prices: Locator;
  readonly languageSwitcher: Locator;
  readonly title: Locator;
  readonly nextPage: Locator;

  constructor(readonly page: Page) {
    this.productCards = page.getByTestId('product-card');
    this.prices = page.getByTestId('price');
    this.languageSwitcher = page.getByTestId('language-switcher');
    this.title = page.getByRole('heading', { level: 1 });
    this.nextPage = page.locator('nav.pagination a[rel="next"]');
  }

  /** Opens the storefront and waits until the WASM app has rendered products from the server. */
  async open(path = '/') {
    await this.page.goto(path);
    await expect(this.productCards.first()).toBeVisible();
  }

  async switchLanguage(tag: 'en' | 'ru' | 'pt' | 'es' | 'ko') {
    await this.languageSwitcher.selectOption(tag);
    await expect(this.page.locator('html')).toHaveAttribute('lang', tag);
  }

  /** Prices shown in one currency, as displayed. */
  async pricesIn(currency: string): Promise<string[]> {
    return this.page.locator(`[data-testid="price"][data-currency="${currency}"]`).allInnerTexts();
  }

  /** Ids of the products on the current page, in display order. */
  async productIds(): Promise<string[]> {
    return this.productCards.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-product-id') ?? ''));
  }
}
