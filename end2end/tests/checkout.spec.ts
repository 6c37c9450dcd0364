import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { DEMO, SignInPage } from './pages/account';
import { apiAs, fillCheckout } from './pages/buyer';

const artifacts = 'artifacts';

type Summary = { id: string; in_stock: boolean; seller: { id: string; name: string }; price: { currency: string } };

/** A fresh shopper for this test (tests run in parallel, so each has its own cart). */
async function newShopper(page: Page, project: string) {
  const email = `buyer-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const response = await page.request.post('/api/accounts/sign_up', {
    form: { email, password: 'a long enough test password', display_name: 'Test Buyer', role: 'shopper' },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
  return email;
}

/** One in-stock product of the demo seller's shop and one of another shop in the same currency. */
async function twoShops(seller: APIRequestContext): Promise<[Summary, Summary, string]> {
  const me = await (await seller.get('/api/v1/me')).json();
  const shopId: string = me.shop.id;
  for (let page = 1; page <= 20; page++) {
    const results = await (await seller.get(`/api/v1/products?in_stock=true&per_page=100&page=${page}`)).json();
    const items: Summary[] = results.items;
    const ours = items.find((p) => p.seller.id === shopId && p.in_stock);
    if (!ours) continue;
    const theirs = items.find((p) => p.seller.id !== shopId && p.in_stock && p.price.currency === ours.price.currency);
    if (theirs) return [ours, theirs, me.shop.name];
  }
  throw new Error('no two shops with stock in one currency');
}

async function addToCart(page: Page, productId: string) {
  await page.goto(`/products/${productId}`);
  await page.getByTestId('add-to-cart').click();
  await expect(page.locator('.add-to-cart__status')).not.toBeEmpty();
}

async function availableMinor(seller: APIRequestContext, currency: string): Promise<number> {
  const balances = await (await seller.get('/api/v1/seller/balance')).json();
  return balances.find((b: { available: { currency: string } }) => b.available.currency === currency)?.available.amount_minor ?? 0;
}

test('buy from two shops with a test card, confirm one order, and the seller sees the money', async ({ page, playwright, browser, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const [ours, theirs, shopName] = await twoShops(seller);
  const before = await availableMinor(seller, ours.price.currency);

  await newShopper(page, info.project.name);
  await addToCart(page, ours.id);
  await addToCart(page, theirs.id);
  await expect(page.getByTestId('cart-count')).toHaveText('2');

  await page.goto('/cart');
  await expect(page.getByTestId('shop-group')).toHaveCount(2);
  await page.screenshot({ path: `${artifacts}/cart-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('go-to-checkout').click();

  await expect(page.getByTestId('checkout-shop')).toHaveCount(2);
  await fillCheckout(page, '4242 4242 4242 4242');
  await page.screenshot({ path: `${artifacts}/checkout-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('pay').click();

  await expect(page).toHaveURL(/\/orders\?placed=/);
  await expect(page.getByTestId('order-placed')).toContainText('2 orders');
  await expect(page.getByTestId('order-row')).toHaveCount(2);
  await expect(page.getByTestId('order-row').first()).toContainText('Bazaar holds your payment until you confirm receipt.');
  await page.screenshot({ path: `${artifacts}/orders-${info.project.name}.png`, fullPage: true });

  // The demo seller ships their order (through the API, as a shipping tool would).
  const ourRow = page.getByTestId('order-row').filter({ hasText: shopName });
  const href = await ourRow.locator('a').first().getAttribute('href');
  const orderId = href!.split('/').pop()!;
  const shipped = await seller.post(`/api/v1/orders/${orderId}/ship`, { data: { tracking_number: 'BZ-E2E-1' } });
  expect(shipped.ok(), await shipped.text()).toBeTruthy();

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('order-state')).toHaveText('Shipped');
  await page.getByTestId('confirm-receipt').click();
  await expect(page.getByTestId('order-state')).toHaveText('Completed');
  await expect(page.getByTestId('escrow-status')).toHaveText('The payment was released to the seller.');
  await page.screenshot({ path: `${artifacts}/order-completed-${info.project.name}.png`, fullPage: true });

  // The seller's console shows the released money.
  const after = await availableMinor(seller, ours.price.currency);
  expect(after).toBeGreaterThan(before);
  const sellerPage = await signedInPage(browser, baseURL!, DEMO.seller);
  await sellerPage.goto('/seller');
  await expect(sellerPage.getByTestId('money-panel')).toBeVisible();
  await expect(sellerPage.getByTestId('balance-available').first()).not.toHaveText(/^\D*0[.,]00\D*$/);
  await sellerPage.screenshot({ path: `${artifacts}/seller-money-${info.project.name}.png`, fullPage: true });
  await sellerPage.context().close();
});

test('a declined card shows why, charges nothing and keeps the cart', async ({ page, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const [ours] = await twoShops(seller);
  await newShopper(page, info.project.name);
  await addToCart(page, ours.id);
  await page.goto('/checkout');
  await expect(page.getByTestId('checkout-shop')).toHaveCount(1);
  await fillCheckout(page, '4000 0000 0000 0002');
  await page.getByTestId('pay').click();
  await expect(page.getByTestId('checkout-error')).toHaveText('Your card was declined. Nothing was charged; try another card.');
  await page.screenshot({ path: `${artifacts}/checkout-declined-${info.project.name}.png`, fullPage: true });

  await page.goto('/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  const orders = await (await page.request.get('/api/v1/orders')).json();
  expect(orders.items.every((o: { state: string }) => o.state === 'payment_failed')).toBeTruthy();
});

async function signedInPage(browser: Browser, baseURL: string, account: { email: string; password: string }) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const response = await page.request.post('/api/accounts/sign_in', { form: account });
  expect(response.ok()).toBeTruthy();
  return page;
}

/** A new shopper in `page` buys one item of the demo seller's shop with a good card; returns the order's id. */
async function buysFromTheDemoSeller(page: Page, seller: APIRequestContext, project: string): Promise<string> {
  const [ours] = await twoShops(seller);
  await newShopper(page, project);
  await addToCart(page, ours.id);
  await page.goto('/checkout');
  await fillCheckout(page, '4242 4242 4242 4242');
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/orders\?placed=/);
  const href = await page.getByTestId('order-row').first().locator('a').first().getAttribute('href');
  return href!.split('/').pop()!;
}

/** Posts a BatchFreight batch signed as the carrier signs it (HMAC-SHA256 over "<t>.<body>"). */
async function carrierSends(api: APIRequestContext, body: object) {
  const text = JSON.stringify(body);
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', 'whsec_bazaar_carriers').update(`${t}.${text}`).digest('hex');
  const response = await api.post('/api/v1/carriers/batchfreight/events', {
    data: text,
    headers: { 'content-type': 'application/json', 'bazaar-carrier-signature': `t=${t},v1=${v1}` },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
}

test('a seller ships with a carrier, its events arrive, and the shopper follows the parcel', async ({ page, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const orderId = await buysFromTheDemoSeller(page, seller, info.project.name);

  const shipped = await seller.post(`/api/v1/orders/${orderId}/ship`, { data: { carrier: 'batchfreight' } });
  expect(shipped.ok(), await shipped.text()).toBeTruthy();
  const tracking: string = (await shipped.json()).tracking_number;
  const now = Math.floor(Date.now() / 1000);
  const update = (seq: number, status: string, hours: number, note: string) =>
    ({ ref: tracking, seq, status, epoch: now + hours * 3600, depot: 'LHR-3', note });
  // Two batches, the second with a late update and a repeat, as carriers do.
  await carrierSends(seller, { batch: `e2e-${tracking}-1`, updates: [update(1, 'COL', 1, 'Collected'), update(3, 'DLV', 9, 'Left at front door')] });
  await carrierSends(seller, { batch: `e2e-${tracking}-2`, updates: [update(2, 'TRN', 3, 'Departed hub'), update(3, 'DLV', 9, 'Left at front door')] });

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('order-state')).toHaveText('Delivered');
  await expect(page.getByTestId('tracking-status')).toHaveText('Delivered');
  await expect(page.locator('.timeline__event')).toHaveCount(3);
  await expect(page.locator('.timeline__what')).toHaveText(['Delivered', 'In transit', 'Picked up']);
  await expect(page.getByTestId('escrow-status')).toContainText('released automatically on');
  await page.screenshot({ path: `${artifacts}/order-tracking-${info.project.name}.png`, fullPage: true });
});

test('a seller picks a carrier from the ranked proposals, prints the label, the simulated carrier delivers, and the shopper follows it', async ({ page, browser, playwright, baseURL }, info) => {
  const seller = await apiAs(playwright, baseURL!, DEMO.seller);
  const orderId = await buysFromTheDemoSeller(page, seller, info.project.name);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('delivery-promise')).toContainText('Arrives between');

  // The seller, in their own browser, ships from the order page with the recommended carrier.
  const context = await browser.newContext({ viewport: page.viewportSize()!, isMobile: info.project.name === 'phone' });
  const sellerPage = await context.newPage();
  const signIn = new SignInPage(sellerPage);
  await signIn.open(`/signin?next=/orders/${orderId}`);
  await signIn.signIn(DEMO.seller);
  await expect(sellerPage.getByTestId('ship-panel')).toBeVisible();
  await expect(sellerPage.getByTestId('ship-by')).toContainText('Ship by');
  // The proposals load after the page: wait for them before counting.
  const options = sellerPage.locator('.carrier-option');
  await expect(options.first()).toBeVisible();
  await expect(options.first().locator('.chip--recommended')).toHaveText('Recommended');
  await expect(options.first().locator('input[type="radio"]')).toBeChecked();
  const carrier = (await options.first().locator('.carrier-option__name').textContent())!.trim();
  await expect(sellerPage.getByTestId('ship-with-carrier')).toHaveText(`Ship with ${carrier}`);
  await sellerPage.screenshot({ path: `${artifacts}/ship-panel-${info.project.name}.png`, fullPage: true });
  await sellerPage.getByTestId('ship-with-carrier').click();
  await expect(sellerPage.getByTestId('order-state')).toHaveText('Shipped');
  await expect(sellerPage.getByTestId('tracking-status')).toHaveText('Label created');

  await sellerPage.getByTestId('print-label').click();
  await expect(sellerPage).toHaveURL(new RegExp(`/seller/orders/${orderId}/label$`));
  const tracking = (await sellerPage.getByTestId('label-tracking').textContent())!.trim();
  expect(tracking).toMatch(/^(NP|SL|BF)\d{10}$/);
  await expect(sellerPage.locator('.shipping-label')).toContainText(carrier);
  await expect(sellerPage.locator('.shipping-label address')).toContainText('1 Market Street');
  await sellerPage.screenshot({ path: `${artifacts}/shipping-label-${info.project.name}.png`, fullPage: true });

  // The carrier simulator plays the carrier: the parcel's story in the carrier's own format, signed, through the
  // webhook, with repeats and late events on the way but no loss.
  // A step over a second apart: carriers date events to the second, and the timeline orders by those dates.
  test.setTimeout(90_000);
  const serverBin = process.env.BAZAAR_E2E_SERVER_BIN;
  expect(serverBin, './bazaar test sets BAZAAR_E2E_SERVER_BIN').toBeTruthy();
  const simulated = execFileSync(serverBin!, [
    'simulate-carriers', '--server-url', baseURL!, '--tracking-number', tracking, '--step-ms', '1100',
    '--lost', '0', '--failed-attempt', '100', '--duplicate', '30', '--reorder', '30', '--delay', '0',
  ], { env: { ...process.env, BAZAAR_DATABASE_URL: process.env.BAZAAR_E2E_DATABASE_URL, BAZAAR_LOG: 'warn' }, encoding: 'utf8', timeout: 60_000 });
  expect(simulated).toContain('1 open parcels');
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('order-state')).toHaveText('Delivered');
  await expect(page.getByTestId('tracking-status')).toHaveText('Delivered');
  // Picked up, in transit, at a sorting center, out for delivery, a failed attempt, out again, delivered: newest first.
  await expect(page.locator('.timeline__what')).toHaveText([
    'Delivered', 'Out for delivery', 'Delivery attempt failed', 'Out for delivery', 'At a sorting center', 'In transit', 'Picked up',
  ]);
  await page.screenshot({ path: `${artifacts}/order-simulated-${info.project.name}.png`, fullPage: true });

  await sellerPage.goto('/seller');
  const shipments = sellerPage.getByTestId('shipments');
  await expect(shipments).toContainText(tracking);
  await expect(sellerPage.getByTestId('sla-report')).toContainText('business days');
  await sellerPage.getByTestId('shipments-panel').screenshot({ path: `${artifacts}/seller-shipments-${info.project.name}.png` });
  await context.close();

  // The operator compares the carriers.
  const operatorContext = await browser.newContext({ viewport: page.viewportSize()! });
  const operatorPage = await operatorContext.newPage();
  const operatorSignIn = new SignInPage(operatorPage);
  await operatorSignIn.open('/signin?next=/admin');
  await operatorSignIn.signIn(DEMO.operator);
  const carriers = operatorPage.getByTestId('carriers');
  await expect(carriers.locator('tbody tr')).toHaveCount(3);
  await expect(carriers).toContainText(carrier);
  await operatorPage.getByTestId('carriers-panel').screenshot({ path: `${artifacts}/carriers-${info.project.name}.png` });
  await operatorContext.close();
});
