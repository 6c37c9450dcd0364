import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** An API session signed in as `account`. */
export async function apiAs(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string, account: { email: string; password: string }) {
  const api = await playwright.request.newContext({ baseURL });
  const response = await api.post('/api/accounts/sign_in', { form: account });
  expect(response.ok()).toBeTruthy();
  return api;
}

/** A listing of the demo seller's shop with stock now (search results may show stock up to a minute late, so the
 * product page's own figure decides). */
export async function ourListing(seller: APIRequestContext): Promise<string> {
  const me = await (await seller.get('/api/v1/me')).json();
  for (let page = 1; page <= 20; page++) {
    const results = await (await seller.get(`/api/v1/products?in_stock=true&per_page=100&page=${page}`)).json();
    for (const item of results.items.filter((p: { seller: { id: string } }) => p.seller.id === me.shop.id)) {
      const detail = await (await seller.get(`/api/v1/products/${item.id}`)).json();
      if (detail.stock > 1) return item.id;
    }
  }
  throw new Error('the demo seller has no listing in stock');
}

/** A new shopper in `page` buys one item of the demo seller's shop; returns the order's id. */
export async function buyFromTheDemoSeller(page: Page, seller: APIRequestContext, project: string): Promise<string> {
  const productId = await ourListing(seller);
  const email = `perf-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const signUp = await page.request.post('/api/accounts/sign_up', {
    form: { email, password: 'a long enough test password', display_name: 'Perf Buyer', role: 'shopper' },
  });
  expect(signUp.ok(), await signUp.text()).toBeTruthy();
  await page.goto(`/products/${productId}`);
  await page.getByTestId('add-to-cart').click();
  await expect(page.locator('.add-to-cart__status')).not.toBeEmpty();
  await page.goto('/checkout');
  await fillCheckout(page);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/orders\?placed=/);
  const href = await page.getByTestId('order-row').first().locator('a').first().getAttribute('href');
  return href!.split('/').pop()!;
}


/** The test provider's card that always succeeds. */
export const GOOD_CARD = '4242 4242 4242 4242';

/** Fills the checkout form: a US address and `card` (the provider's test numbers decide the outcome). */
export async function fillCheckout(page: Page, card = GOOD_CARD) {
  await page.locator('#ship-line1').fill('1 Market Street');
  await page.locator('#ship-city').fill('Springfield');
  await page.locator('#ship-postcode').fill('12345');
  await page.locator('#ship-region').selectOption('US');
  await page.locator('#card-number').fill(card);
  await page.locator('#card-expiry').fill('12/30');
  await page.locator('#card-cvc').fill('123');
}
