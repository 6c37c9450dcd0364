import { expect, test } from '@playwright/test';
import { DEMO, SignInPage } from './pages/account';
import { AnalyticsPage } from './pages/seller';
import { apiAs, buyFromTheDemoSeller } from './pages/buyer';

const artifacts = 'artifacts';

function day(offset: number): string {
  const date = new Date(Date.now() + offset * 86_400_000);
  return date.toISOString().slice(0, 10);
}

test('the seller reads sales analytics: range, granularity, sorting, on any screen', async ({ page, browser, playwright, baseURL }, info) => {
  // A real order today from a shopper who opened the product page (a view the flush job writes within seconds).
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  await buyFromTheDemoSeller(page, seller, info.project.name);

  const context = await browser.newContext({ viewport: page.viewportSize()!, isMobile: info.project.name === 'phone' });
  const sellerPage = await context.newPage();
  const signIn = new SignInPage(sellerPage);
  await signIn.open('/signin?next=/seller');
  await signIn.signIn(DEMO.seller);
  await expect(sellerPage).toHaveURL(/\/seller$/);
  // The console's sections link the analytics page.
  await sellerPage.getByRole('navigation').getByRole('link', { name: 'Analytics' }).click();
  await expect(sellerPage).toHaveURL(/\/seller\/analytics$/);
  const analytics = new AnalyticsPage(sellerPage);
  await analytics.loaded();
  await expect(analytics.kpis).toHaveCount(4);

  // The last 30 days by day: the demo shop's seeded view history and today's order.
  await expect(analytics.root.getByTestId('analytics-last-30')).toHaveAttribute('aria-current', 'true');
  await expect(analytics.charts).toHaveAttribute('data-buckets', '30');
  await expect(analytics.kpi('orders').locator('.kpi__value')).not.toHaveText('0');
  await expect(analytics.kpi('views').locator('.kpi__value')).not.toHaveText('0');
  await expect(analytics.kpi('conversion')).toContainText('%');
  await expect(analytics.kpi('orders')).toContainText(/Up|Down|No change|Nothing to compare with/);
  // Each chart is an image with a name and a description, and its numbers are there as a table.
  const svg = analytics.charts.locator('svg[role="img"]');
  expect(await svg.count()).toBeGreaterThanOrEqual(3);
  await expect(analytics.charts.locator('[data-chart="orders"] svg title').first()).toHaveText('Orders by day');
  await expect(analytics.charts.locator('[data-chart="orders"] svg desc')).toContainText(/highest \d+, in all \d+/);
  await expect(analytics.root.getByTestId('analytics-series').locator('tbody tr')).toHaveCount(30);
  await expect(analytics.rows.first()).toBeVisible();

  await sellerPage.screenshot({ path: `${artifacts}/seller-analytics-${info.project.name}.png`, fullPage: true });

  // Quick range and weeks: the state is in the address.
  await analytics.lastDays(7);
  await expect(sellerPage).toHaveURL(new RegExp(`from=${day(-6)}&to=${day(0)}`));
  await expect(analytics.charts).toHaveAttribute('data-buckets', '7');
  await analytics.groupBy('week');
  await expect(sellerPage).toHaveURL(/granularity=week/);
  const weeks = Number(await analytics.charts.getAttribute('data-buckets'));
  expect(weeks).toBeGreaterThanOrEqual(1);
  expect(weeks).toBeLessThanOrEqual(2);
  await expect(analytics.charts.locator('[data-chart="orders"] svg title').first()).toHaveText('Orders by week');

  // A range typed into the date inputs.
  await analytics.showRange(day(-13), day(0));
  await expect(sellerPage).toHaveURL(new RegExp(`from=${day(-13)}&to=${day(0)}&granularity=week`));

  // Top products sorted on the server: by views, then by orders.
  await analytics.sortBy('views');
  await expect(sellerPage).toHaveURL(/sort=views/);
  const views = await analytics.rows.locator('td[data-label="Views"]').allInnerTexts();
  const counts = views.map((text) => Number(text.replace(/[^\d]/g, '')));
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  if (info.project.name === 'desktop') {
    await expect(analytics.topProducts.locator('th[aria-sort="descending"]')).toContainText('Views');
  }
  await analytics.sortBy('orders');
  await expect(sellerPage).toHaveURL(/sort=orders/);
  await sellerPage.screenshot({ path: `${artifacts}/seller-analytics-sorted-${info.project.name}.png`, fullPage: true });

  // Nothing may be wider than the screen on a phone.
  const overflow = await sellerPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The address alone brings the same view back.
  const url = sellerPage.url();
  await sellerPage.reload();
  await analytics.loaded();
  await expect(sellerPage).toHaveURL(url);
  await expect(analytics.topProducts.getByTestId('top-products-table')).toHaveAttribute('data-sort', 'orders');
  await context.close();
});

test('a new shop sees an intentional empty state', async ({ page }, info) => {
  const email = `new-shop-${info.project.name}-${Date.now()}@example.com`;
  const signUp = await page.request.post('/api/accounts/sign_up', {
    form: { email, password: 'a long enough test password', display_name: 'New Seller', role: 'seller', shop_name: 'Fresh Shop' },
  });
  expect(signUp.ok(), await signUp.text()).toBeTruthy();
  const analytics = new AnalyticsPage(page);
  await analytics.open();
  await expect(analytics.empty).toBeVisible();
  await expect(analytics.empty).toContainText('No sales or views in this period yet');
  // Nothing now and nothing before: no row of zeros compared with zeros, only the way forward.
  await expect(analytics.kpis).toHaveCount(0);
  await expect(analytics.empty.getByRole('link', { name: 'Check your listings' })).toBeVisible();
  await expect(analytics.empty.getByRole('link', { name: 'See the last 90 days' })).toBeVisible();
  await page.screenshot({ path: `${artifacts}/seller-analytics-empty-${info.project.name}.png`, fullPage: true });
});
