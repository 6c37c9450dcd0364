import { expect, test } from '@playwright/test';
import { apiAs, buyFromTheDemoSeller } from './pages/buyer';
import { DEMO, SignInPage } from './pages/account';

const artifacts = 'artifacts';

test('the seller works the order queue: the handling clock, the packing slip, then the shipped tab', async ({ page, browser, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const orderId = await buyFromTheDemoSeller(page, seller, `queue-${info.project.name}`);

  const sellerContext = await browser.newContext({ baseURL, viewport: page.viewportSize() ?? undefined });
  const sellerPage = await sellerContext.newPage();
  const signIn = new SignInPage(sellerPage);
  await signIn.open('/signin?next=/seller/orders');
  await signIn.signIn(DEMO.seller);
  await expect(sellerPage.getByTestId('seller-orders')).toBeVisible();
  await expect(sellerPage.getByRole('link', { name: 'Orders' }).first()).toHaveAttribute('aria-current', 'page');

  // To ship: the new order with its handling clock (2 business days under the default SLA).
  const row = sellerPage.locator(`[data-order-id="${orderId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('sla-clock')).toHaveText(/^Ship within \d+ d/);
  await sellerPage.screenshot({ path: `${artifacts}/seller-orders-${info.project.name}.png`, fullPage: true });
  // "To ship" puts the clock that runs out first on top; the seller can sort otherwise, on the server.
  await expect(sellerPage.getByTestId('queue-sort')).toHaveValue('ship_by');
  await sellerPage.getByTestId('queue-sort').selectOption('newest');
  await expect(sellerPage).toHaveURL(/sort=newest/);
  await expect(sellerPage.getByTestId('queue-sort')).toHaveValue('newest');
  await expect(sellerPage.locator(`[data-order-id="${orderId}"]`)).toBeVisible();

  await row.getByTestId('queue-slip').click();
  await expect(sellerPage.getByTestId('packing-slip-page')).toBeVisible();
  await expect(sellerPage.getByTestId('slip-lines').locator('tbody tr')).toHaveCount(1);
  await expect(sellerPage.locator('address')).toContainText('1 Market Street');
  await sellerPage.screenshot({ path: `${artifacts}/packing-slip-${info.project.name}.png`, fullPage: true });

  // Shipped with the seller's own carrier, it moves to the Shipped tab.
  const shipped = await seller.post(`/api/v1/orders/${orderId}/ship`, { data: { tracking_number: `OWN-${Date.now()}` } });
  expect(shipped.ok(), await shipped.text()).toBeTruthy();
  await sellerPage.goto('/seller/orders');
  await expect(sellerPage.getByTestId('tab-paid')).toHaveAttribute('aria-current', 'page');
  await expect(sellerPage.locator(`[data-order-id="${orderId}"]`)).toHaveCount(0);
  await sellerPage.getByTestId('tab-shipped').click();
  await expect(sellerPage.locator(`[data-order-id="${orderId}"]`)).toBeVisible();
  await expect(sellerPage.locator(`[data-order-id="${orderId}"]`).getByTestId('sla-clock')).toHaveCount(0);
  await sellerContext.close();
});
