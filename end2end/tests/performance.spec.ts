import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO, SignInPage } from './pages/account';
import { PerformancePanel } from './pages/seller';
import { apiAs, buyFromTheDemoSeller } from './pages/buyer';

const artifacts = 'artifacts';

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
