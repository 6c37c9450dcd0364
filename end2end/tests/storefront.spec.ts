import { expect, test } from '@playwright/test';
import { StorefrontPage } from './pages/storefront';

const artifacts = 'artifacts';

// Any uncaught error in the page (a WASM panic included) fails the test that caused it.
test.beforeEach(async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as unknown as { errors: string[] }).errors = errors;
});
test.afterEach(async ({ page }) => {
  expect((page as unknown as { errors: string[] }).errors).toEqual([]);
});

test('the storefront lists products rendered by the WASM app', async ({ page }, info) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  await expect(storefront.title).toHaveText('Buy from independent sellers, safely');
  expect(await storefront.productCards.count()).toBeGreaterThanOrEqual(12);
  for (const price of await storefront.prices.allInnerTexts()) {
    expect(price.trim()).not.toBe('');
  }
  const usd = await storefront.pricesIn('USD');
  expect(usd.length).toBeGreaterThan(0);
  for (const price of usd) expect(price).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
  await page.screenshot({ path: `${artifacts}/storefront-en-${info.project.name}.png`, fullPage: false });
});

test('switching to Korean shows Korean text and KRW prices without decimals', async ({ page }, info) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  await storefront.switchLanguage('ko');
  await expect(storefront.title).toHaveText('독립 판매자에게 안심하고 구매하세요');
  await expect(page.getByRole('link', { name: '쇼핑' })).toBeVisible();
  const won = await storefront.pricesIn('KRW');
  expect(won.length).toBeGreaterThan(0);
  for (const price of won) expect(price).toMatch(/^₩\d{1,3}(,\d{3})*$/);
  await page.screenshot({ path: `${artifacts}/storefront-ko-${info.project.name}.png`, fullPage: false });

  // The choice survives a reload.
  await page.reload();
  await expect(storefront.title).toHaveText('독립 판매자에게 안심하고 구매하세요');
});

test('every language formats prices its own way', async ({ page }) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  await storefront.switchLanguage('ru');
  for (const price of await storefront.pricesIn('RUB')) expect(price).toMatch(/^\d{1,3}(\u00a0\d{3})*,\d{2}\u00a0₽$/);
  await storefront.switchLanguage('pt');
  for (const price of await storefront.pricesIn('BRL')) expect(price).toMatch(/^R\$\u00a0\d{1,3}(\.\d{3})*,\d{2}$/);
  await storefront.switchLanguage('es');
  for (const price of await storefront.pricesIn('EUR')) expect(price).toMatch(/^\d+(\.\d{3})*,\d{2}\u00a0€$/);
});

test('pagination moves to the next page of products', async ({ page }) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  const firstPage = await storefront.productIds();
  await storefront.nextPage.click();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect(page.locator('.pagination__status')).toContainText('Page 2 of');
  await expect.poll(() => storefront.productIds()).not.toEqual(firstPage);
  const secondPage = await storefront.productIds();
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
});

test('an unknown address shows the not-found page with a way back', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.getByRole('link', { name: 'Back to the shop' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(new StorefrontPage(page).productCards.first()).toBeVisible();
});

test('the consoles ask signed-out visitors to sign in', async ({ page }) => {
  await page.goto('/seller');
  await expect(page).toHaveURL(/\/signin\?next=\/seller$/);
  await expect(page.getByTestId('sign-in')).toBeVisible();
});

test('a product card opens the product page with its details and seller', async ({ page }, info) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  const card = storefront.productCards.first();
  const title = await card.locator('h3').innerText();
  const price = await card.getByTestId('price').innerText();
  await card.locator('h3 a').click();
  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  const product = page.getByTestId('product-page');
  await expect(product.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(product.getByTestId('price')).toHaveText(price);
  await expect(product.locator('.breadcrumb li')).toHaveCount(2);
  await expect(product.locator('.attributes dt').first()).toBeVisible();
  await expect(product.locator('.seller-card__region')).toHaveText(/^Ships from [A-Z]{2}$/);
  await page.screenshot({ path: `${artifacts}/product-${info.project.name}.png`, fullPage: true });
});

test('an unknown product says so and offers the way back', async ({ page }) => {
  await page.goto('/products/0192f0c1-7a3e-7cc0-8a5e-1f2d3c4b5a69');
  await expect(page.getByTestId('product-missing')).toBeVisible();
});

test('a department chip narrows the list and pagination keeps the filter', async ({ page }) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  await page.locator('nav.departments').getByRole('link', { name: 'Fashion' }).click();
  await expect(page).toHaveURL(/\?category=fashion$/);
  await expect(page.locator('nav.departments a[aria-current="page"]')).toHaveText('Fashion');
  await expect(storefront.productCards.first()).toBeVisible();
  // The previous page's cards stay until the filtered list arrives, so wait for the list rather than read it once.
  await expect
    .poll(async () => {
      const categories = await page.locator('.product-card__category').allInnerTexts();
      return categories.length > 0 && categories.every((c) => ['SHOES', 'BAGS', 'OUTERWEAR'].includes(c.toUpperCase()));
    })
    .toBe(true);
  await storefront.nextPage.click();
  await expect(page).toHaveURL(/\?category=fashion&page=2$/);
});
