import { expect, test } from '@playwright/test';
import { DEMO } from './pages/account';
import { apiAs, buyFromTheDemoSeller, fillCheckout } from './pages/buyer';
import { OfflineShell, backListings, newShopper, shipAndTrack } from './pages/offline';

const artifacts = 'artifacts';

test('after one online visit, My orders shows from this device offline, with its time and last tracking state', async ({ page, context, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const orderId = await buyFromTheDemoSeller(page, seller, info.project.name);
  await shipAndTrack(seller, orderId, ['COL', 'TRN']);

  const shell = new OfflineShell(page, context);
  await page.goto('/orders');
  await expect(page.getByTestId('order-row')).toHaveCount(1);
  // The list and the parcel's status are written to IndexedDB in the background.
  await expect.poll(() => shell.records()).toContain('"tracking":"in_transit"');
  await expect(shell.state).toHaveCount(0);
  // The service worker has the app shell before the network goes (it installs on the first visit).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await shell.goOffline();
  await expect(shell.status).toHaveAttribute('data-online', 'false');
  await page.screenshot({ path: `${artifacts}/offline-indicator-${info.project.name}.png` });
  // Away and back within the app, without the network.
  await shell.follow('/cart');
  await expect(page.getByTestId('cart-page')).toBeVisible();
  await shell.follow('/orders');
  await expect(page.getByTestId('saved-orders')).toBeVisible();
  await expect(page.getByTestId('last-updated')).toContainText(/Last updated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(page.getByTestId('order-row')).toHaveCount(1);
  await expect(page.getByTestId('order-row')).toHaveAttribute('data-state', 'shipped');
  await expect(page.getByTestId('last-tracking')).toHaveText('Last tracking: In transit');
  await page.screenshot({ path: `${artifacts}/offline-orders-${info.project.name}.png`, fullPage: true });

  // A reload without the network: the service worker serves the app, which shows the same saved orders.
  await page.reload();
  await expect(page.getByTestId('saved-orders')).toBeVisible();
  await expect(page.getByTestId('order-row')).toHaveCount(1);
  await expect(page.getByTestId('last-tracking')).toHaveText('Last tracking: In transit');
  await expect(shell.status).toHaveAttribute('data-online', 'false');

  await shell.goOnline();
  await expect(shell.state).toHaveCount(0);
});

test('an item added to the cart offline is in the server cart exactly once when the connection returns', async ({ page, context, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const [listing] = await backListings(seller, 1);
  await newShopper(page, info.project.name);
  const shell = new OfflineShell(page, context);
  await page.goto(`/products/${listing.productId}`);
  await expect(page.getByTestId('account-menu')).toContainText('Offline Buyer');

  await shell.goOffline();
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('add-queued')).toContainText('Saved on this device');
  await expect(shell.pending).toHaveText('1 change waits to be sent');
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await page.screenshot({ path: `${artifacts}/offline-queued-${info.project.name}.png` });

  await shell.goOnline();
  await expect(shell.pending).toHaveCount(0);
  await expect(shell.conflicts).toHaveCount(0);
  const cart = await (await page.request.get('/api/v1/cart')).json();
  const lines = cart.sellers.flatMap((s: { lines: { variant_id: string; quantity: number }[] }) => s.lines);
  expect(lines).toEqual([expect.objectContaining({ variant_id: listing.variantId, quantity: 1 })]);
  // A reload (a second replay chance) changes nothing.
  await page.reload();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  const again = await (await page.request.get('/api/v1/cart')).json();
  expect(again.sellers.flatMap((s: { lines: object[] }) => s.lines)).toHaveLength(1);
});

test('a price that changed while the shopper was offline is shown when the queued add is sent', async ({ page, context, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  // Desktop and phone run at once: each takes its own listing.
  const listings = await backListings(seller, 3);
  const listing = listings[info.project.name === 'phone' ? 2 : 1];
  await newShopper(page, info.project.name);
  const shell = new OfflineShell(page, context);
  await page.goto(`/products/${listing.productId}`);
  await expect(page.getByTestId('account-menu')).toContainText('Offline Buyer');

  await shell.goOffline();
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('add-queued')).toBeVisible();
  const newPrice = listing.priceMinor + 150;
  const changed = await seller.post('/api/v1/seller/listings/variants', {
    data: { changes: [{ variant_id: listing.variantId, price_minor: newPrice }] },
  });
  expect(changed.ok(), await changed.text()).toBeTruthy();
  try {
    await shell.goOnline();
    await expect(shell.conflicts).toBeVisible();
    await expect(page.getByTestId('replay-conflict')).toContainText('the price changed from');
    await page.screenshot({ path: `${artifacts}/offline-conflict-${info.project.name}.png` });
    // The line is in the cart (at the new price, which checkout shows), once.
    const cart = await (await page.request.get('/api/v1/cart')).json();
    const lines = cart.sellers.flatMap((s: { lines: { quantity: number; unit_price: { amount_minor: number } }[] }) => s.lines);
    expect(lines).toHaveLength(1);
    expect(lines[0].quantity).toBe(1);
    expect(lines[0].unit_price.amount_minor).toBe(newPrice);
  } finally {
    await seller.post('/api/v1/seller/listings/variants', {
      data: { changes: [{ variant_id: listing.variantId, price_minor: listing.priceMinor }] },
    });
  }
});

test('a receipt confirmed offline is sent once when the connection returns and releases the money once', async ({ page, context, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const operator = await apiAs(playwright, baseURL!, DEMO.operator);
  const orderId = await buyFromTheDemoSeller(page, seller, info.project.name);
  await shipAndTrack(seller, orderId, ['COL', 'DLV']);

  const shell = new OfflineShell(page, context);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('order-state')).toHaveText('Delivered');

  await shell.goOffline();
  await page.getByTestId('confirm-receipt').click();
  await expect(page.getByTestId('confirm-queued')).toContainText('Saved on this device');
  await expect(shell.pending).toHaveText('1 change waits to be sent');
  const still = await (await seller.get(`/api/v1/orders/${orderId}`)).json();
  expect(still.summary.state).toBe('delivered');

  await shell.goOnline();
  await expect(page.getByTestId('order-state')).toHaveText('Completed');
  await expect(shell.pending).toHaveCount(0);
  await expect(shell.conflicts).toHaveCount(0);
  const order = await (await page.request.get(`/api/v1/orders/${orderId}`)).json();
  expect(order.summary.state).toBe('completed');
  const ledger = await (await operator.get(`/api/v1/orders/${orderId}/ledger`)).json();
  const releases = ledger.filter((e: { kind: string }) => e.kind === 'release');
  const transactions = new Set(releases.map((e: { transaction_id: string }) => e.transaction_id));
  expect(transactions.size).toBe(1);
});

test('a checkout whose first answer is lost on a flaky connection places one order and charges once', async ({ page, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const [listing] = await backListings(seller, 1);
  await newShopper(page, info.project.name);
  await page.goto(`/products/${listing.productId}`);
  await expect(page.getByTestId('account-menu')).toContainText('Offline Buyer');
  await page.getByTestId('add-to-cart').click();
  await expect(page.locator('.add-to-cart__status')).not.toBeEmpty();

  // The server handles the first checkout, then its answer is lost; the next requests are slow.
  let submits = 0;
  await page.route('**/api/**checkout**', async (route) => {
    if (!route.request().url().includes('checkout/submit')) return route.continue();
    submits += 1;
    if (submits === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    return route.continue();
  });
  await page.goto('/checkout');
  await fillCheckout(page);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/orders\?placed=/);
  expect(submits).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('order-row')).toHaveCount(1);
  await expect(page.getByTestId('order-placed')).toContainText('Your order is placed');

  const orders = await (await page.request.get('/api/v1/orders')).json();
  expect(orders.items).toHaveLength(1);
  const order = await (await page.request.get(`/api/v1/orders/${orders.items[0].id}`)).json();
  expect(order.summary.state).toBe('paid');
  expect(order.payment.state).toBe('succeeded');
  expect(order.payment.amount.amount_minor).toBe(order.summary.total.amount_minor);
});
