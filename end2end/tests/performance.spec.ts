import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO, SignInPage } from './pages/account';
import { PerformancePanel } from './pages/seller';

const artifacts = 'artifacts';

/** An API session signed in as `account`. */
async function apiAs(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string, account: { email: string; password: string }) {
  const api = await playwright.request.newContext({ baseURL });
  const response = await api.post('/api/accounts/sign_in', { form: account });
  expect(response.ok()).toBeTruthy();
  return api;
}

/** A listing of the demo seller's shop with stock now (search results may show stock up to a minute late, so the
 * product page's own figure decides). */
async function ourListing(seller: APIRequestContext): Promise<string> {
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
async function buyFromTheDemoSeller(page: Page, seller: APIRequestContext, project: string): Promise<string> {
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
  await page.locator('#ship-line1').fill('1 Market Street');
  await page.locator('#ship-city').fill('Springfield');
  await page.locator('#ship-postcode').fill('12345');
  await page.locator('#ship-region').selectOption('US');
  await page.locator('#card-number').fill('4242 4242 4242 4242');
  await page.locator('#card-expiry').fill('12/30');
  await page.locator('#card-cvc').fill('123');
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/orders\?placed=/);
  const href = await page.getByTestId('order-row').first().locator('a').first().getAttribute('href');
  return href!.split('/').pop()!;
}

/** The carrier's first scan of the parcel, signed as BatchFreight signs its webhooks. */
async function firstScan(api: APIRequestContext, tracking: string) {
  const body = JSON.stringify({
    batch: `perf-${tracking}`,
    updates: [{ ref: tracking, seq: 1, status: 'COL', epoch: Math.floor(Date.now() / 1000), depot: 'LHR-3', note: 'Collected' }],
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', 'whsec_bazaar_carriers').update(`${t}.${body}`).digest('hex');
  const response = await api.post('/api/v1/carriers/batchfreight/events', {
    data: body,
    headers: { 'content-type': 'application/json', 'bazaar-carrier-signature': `t=${t},v1=${v1}` },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
}

test('the seller console shows the performance scorecard measured from a real order', async ({ page, browser, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const orderId = await buyFromTheDemoSeller(page, seller, info.project.name);
  const shipped = await seller.post(`/api/v1/orders/${orderId}/ship`, { data: { carrier: 'batchfreight' } });
  expect(shipped.ok(), await shipped.text()).toBeTruthy();
  await firstScan(seller, (await shipped.json()).tracking_number);

  const context = await browser.newContext({ viewport: page.viewportSize()!, isMobile: info.project.name === 'phone' });
  const sellerPage = await context.newPage();
  const signIn = new SignInPage(sellerPage);
  await signIn.open('/signin?next=/seller');
  await signIn.signIn(DEMO.seller);
  await expect(sellerPage).toHaveURL(/\/seller$/);
  const panel = new PerformancePanel(sellerPage);
  await panel.loaded();

  await expect(panel.cards).toHaveCount(7);
  await expect(panel.score).toContainText(/Performance score \d+\/100/);
  // The order paid and shipped on time with a scanned parcel: every order measure has a number now.
  for (const kind of ['order_defect_rate', 'late_shipment_rate', 'seller_cancellation_rate', 'valid_tracking_rate', 'in_stock_rate']) {
    await expect(panel.value(kind)).toContainText(/\d+(\.\d+)?%/);
  }
  await expect(panel.value('average_handling_time')).toContainText(/\d+ (min|h|d)/);
  await expect(panel.value('order_defect_rate')).toContainText(/from \d+ orders?/);
  await expect(panel.card('late_shipment_rate')).toContainText('Target: below 4%');
  await expect(panel.card('valid_tracking_rate')).toContainText('Target: above 95%');
  // Status is a word (and a shape), not only a colour.
  await expect(panel.status('order_defect_rate')).toHaveText(/Meets target|At risk|Misses target/);
  // A 90-day trend chart with an accessible name for each order measure.
  const charts = panel.root.locator('svg.trend[role="img"]');
  await expect(charts).toHaveCount(5);
  await expect(panel.card('late_shipment_rate').locator('svg title')).toHaveText('Late shipment rate, last 90 days');
  await expect(panel.card('in_stock_rate')).toContainText('no history is kept');

  await sellerPage.screenshot({ path: `${artifacts}/seller-performance-${info.project.name}.png`, fullPage: true });
  if (info.project.name === 'phone') {
    await sellerPage.setViewportSize({ width: 390, height: 844 });
    await sellerPage.screenshot({ path: `${artifacts}/seller-performance-phone-390.png`, fullPage: true });
  }
  await context.close();
});
