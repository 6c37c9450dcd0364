// The seller console's "done when": one new seller, from sign-up to money in the bank, through the browser only
// (the carrier is the built-in simulator, as in production without a live carrier). Every page on the way is
// photographed at this project's size (phone or desktop) under artifacts/journey-*.
import { execFileSync } from 'node:child_process';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO, SignInPage, SignUpPage } from './pages/account';
import { OnboardingPage, PNG_1X1, VerificationPanel, completeOnboarding } from './pages/onboarding';
import { fillCheckout } from './pages/buyer';
import { PerformancePanel } from './pages/seller';

const artifacts = 'artifacts';

test('a new seller is verified, imports and publishes listings, sells, ships, is paid and sees the scorecard', async ({ browser, page, baseURL }, info) => {
  test.setTimeout(300_000);
  const project = info.project.name;
  const phone = project === 'phone';
  const stamp = `${project}${Date.now().toString(36).replace(/[0-9]/g, '')}`;
  const word = `Kilnworks${stamp}`;
  const shopName = `Kiln ${stamp}`.slice(0, 60);
  let step = 0;
  // A whole page, or one part of a long one (the console's overview is a long page on a phone).
  const shot = async (target: Page, name: string, part?: Locator) => {
    step += 1;
    const path = `${artifacts}/journey-${String(step).padStart(2, '0')}-${name}-${project}.png`;
    await (part ? part.screenshot({ path }) : target.screenshot({ path, fullPage: true }));
  };
  const contextOptions = { baseURL, viewport: page.viewportSize()!, isMobile: phone, hasTouch: phone, deviceScaleFactor: phone ? 2 : 1 };

  // 1. Sign-up and onboarding.
  const signUp = new SignUpPage(page);
  await signUp.open();
  await signUp.fill({ name: 'Ines Kiln', email: `ines-${stamp}@example.com`, password: 'a sentence that is long', shop: shopName });
  await signUp.submit();
  await expect(page.getByTestId('account-menu')).toContainText('Ines Kiln');
  const onboarding = new OnboardingPage(page);
  await completeOnboarding(onboarding, 'Ines Kiln');
  await shot(page, 'onboarding-submitted', onboarding.root);

  // 2. The operator approves the shop in /admin.
  const operatorContext = await browser.newContext(contextOptions);
  const admin = await operatorContext.newPage();
  const operatorSignIn = new SignInPage(admin);
  await operatorSignIn.open('/signin?next=/admin');
  await operatorSignIn.signIn(DEMO.operator);
  const verification = new VerificationPanel(admin);
  await verification.open(shopName);
  await shot(admin, 'operator-case', verification.caseView);
  await verification.caseView.getByTestId('approve-shop').click();
  await expect(verification.caseView.getByTestId('case-status')).toHaveAttribute('data-status', 'verified');
  await operatorContext.close();
  await page.reload();
  await expect(onboarding.status).toHaveAttribute('data-status', 'verified');
  await shot(page, 'verified', onboarding.root);

  // 3. Listings from a CSV file: a lamp in two colours and a mug.
  const categories = await (await page.request.get('/api/v1/categories')).json();
  const slug = categories[0].children[0].slug;
  const csv = [
    'listing,title,description,category,sku,price,stock,colour,size,material,capacity,pattern,warranty_months',
    `lamp,${word} table lamp,"A stoneware table lamp with a linen shade, 45 cm tall.",${slug},KLN-LAMP-S,45.00,5,Sage,,Stoneware,,,24`,
    `lamp,,,,KLN-LAMP-N,42.50,3,Navy,,,,,`,
    `mug,${word} mug,A stoneware mug glazed by hand in our kiln.,${slug},KLN-MUG,12.00,20,,,Stoneware,350 ml,,`,
  ].join('\n');
  await page.goto('/seller/listings/import');
  await expect(page.getByTestId('import-page')).toBeVisible();
  await page.getByTestId('import-file').setInputFiles({ name: 'kiln.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-counts')).toContainText('2 listings ready');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-progress')).toContainText('2 of 2 listings imported');
  await shot(page, 'import-done');

  // 4. The lamp gets its picture and goes on sale; the mug stays a draft.
  await page.goto('/seller/listings?status=draft');
  const draft = page.getByTestId('listing-row').filter({ hasText: `${word} table lamp` });
  await expect(draft).toBeVisible();
  await shot(page, 'drafts');
  await draft.getByRole('link').first().click();
  await expect(page.getByTestId('listing-form')).toBeVisible();
  await expect(page.getByTestId('listing-status')).toHaveText('Draft');
  await page.getByTestId('picture-input').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await expect(page.locator('.picture-strip img')).toHaveCount(1);
  await expect(page.getByTestId('publish-checklist').locator('li')).toHaveCount(0);
  // The preview is the card shoppers in the chosen region will see, delivery included.
  await expect(page.getByTestId('listing-preview').getByTestId('card-delivery')).toContainText(/Free delivery|Delivery \$/);
  await page.getByTestId('publish-listing').click();
  await expect(page.getByTestId('listing-status')).toHaveText('On sale');
  const listingId = page.url().split('/').pop()!;
  await shot(page, 'listing-on-sale');

  // 5. A shopper finds the lamp by searching, and buys one.
  const shopperContext = await browser.newContext(contextOptions);
  const shopper = await shopperContext.newPage();
  const signedUp = await shopper.request.post('/api/accounts/sign_up', {
    form: { email: `lamp-buyer-${stamp}@example.com`, password: 'a long enough test password', display_name: 'Lamp Buyer', role: 'shopper' },
  });
  expect(signedUp.ok(), await signedUp.text()).toBeTruthy();
  await shopper.goto('/');
  await shopper.getByTestId('search-input').fill(word);
  await shopper.getByTestId('search-input').press('Enter');
  const card = shopper.locator(`[data-testid="product-card"][data-product-id="${listingId}"]`);
  await expect(card).toBeVisible();
  await card.getByRole('link').first().click();
  await expect(shopper.getByTestId('add-to-cart')).toBeVisible();
  await expect(shopper.locator('body')).toContainText(shopName);
  await shot(shopper, 'shopper-product');
  await shopper.getByTestId('add-to-cart').click();
  await expect(shopper.locator('.add-to-cart__status')).not.toBeEmpty();
  await shopper.goto('/checkout');
  await fillCheckout(shopper);
  await shopper.getByTestId('pay').click();
  await expect(shopper).toHaveURL(/\/orders\?placed=/);
  const orderHref = await shopper.getByTestId('order-row').first().locator('a').first().getAttribute('href');
  const orderId = orderHref!.split('/').pop()!;

  // 6. The order waits in the seller's queue with its handling clock; the seller ships with the recommended carrier.
  await page.goto('/seller/orders');
  const queued = page.locator(`[data-order-id="${orderId}"]`);
  await expect(queued.getByTestId('sla-clock')).toHaveText(/^Ship within \d+ d/);
  await shot(page, 'order-queue');
  await queued.getByTestId('queue-ship').click();
  const proposals = page.locator('.carrier-option');
  await expect(proposals.first()).toBeVisible();
  await page.getByTestId('ship-with-carrier').click();
  await expect(page.getByTestId('order-state')).toHaveText('Shipped');
  await page.getByTestId('print-label').click();
  const tracking = (await page.getByTestId('label-tracking').textContent())!.trim();
  await shot(page, 'shipping-label');

  // 7. The carrier carries the parcel: the built-in simulator sends its signed events until it is delivered.
  const serverBin = process.env.BAZAAR_E2E_SERVER_BIN;
  expect(serverBin, './bazaar test sets BAZAAR_E2E_SERVER_BIN').toBeTruthy();
  const simulated = execFileSync(serverBin!, [
    'simulate-carriers', '--server-url', baseURL!, '--tracking-number', tracking, '--step-ms', '1100',
    '--lost', '0', '--failed-attempt', '0', '--duplicate', '20', '--reorder', '0', '--delay', '0',
  ], { env: { ...process.env, BAZAAR_DATABASE_URL: process.env.BAZAAR_E2E_DATABASE_URL, BAZAAR_LOG: 'warn' }, encoding: 'utf8', timeout: 90_000 });
  expect(simulated).toContain('1 open parcels');

  // 8. The shopper sees it delivered and confirms receipt: escrow releases the money to the shop.
  await shopper.goto(`/orders/${orderId}`);
  await expect(shopper.getByTestId('order-state')).toHaveText('Delivered');
  await expect(shopper.getByTestId('delivered-on')).toContainText('Delivered on');
  await shopper.getByTestId('confirm-receipt').click();
  await expect(shopper.getByTestId('order-state')).toHaveText('Completed');
  await expect(shopper.getByTestId('escrow-status')).toContainText('released to the seller');
  await shot(shopper, 'shopper-confirmed');
  const detail = await (await shopper.request.get(`/api/v1/orders/${orderId}`)).json();
  await shopperContext.close();

  // 9. The seller finds the money: available balance, the statement lines of this order, and the scorecard.
  const net: { amount_minor: number; currency: string } = detail.seller_net;
  expect(net.currency).toBe('USD');
  expect(net.amount_minor).toBeGreaterThan(0);
  expect(detail.commission.amount_minor).toBeGreaterThan(0);
  const balances = await (await page.request.get('/api/v1/seller/balance')).json();
  const usd = balances.find((b: { available: { currency: string } }) => b.available.currency === 'USD');
  expect(usd.available.amount_minor).toBe(net.amount_minor);
  expect(usd.held.amount_minor).toBe(0);
  await page.goto('/seller');
  const shown = (net.amount_minor / 100).toFixed(2);
  await expect(page.getByTestId('balance-available')).toContainText(shown);
  await expect(page.getByTestId('statement-panel').locator(`a[href="/orders/${orderId}"]`).first()).toBeVisible();
  await shot(page, 'money', page.getByTestId('money-panel'));
  await shot(page, 'statement', page.getByTestId('statement-panel'));
  const scorecard = new PerformancePanel(page);
  await scorecard.loaded();
  await expect(scorecard.value('late_shipment_rate')).toContainText('0%');
  await expect(scorecard.value('valid_tracking_rate')).toContainText('100%');
  await expect(scorecard.value('order_defect_rate')).toContainText('from 1 order');
  await expect(scorecard.status('late_shipment_rate')).toContainText('Meets target');
  await shot(page, 'scorecard', scorecard.root);
});
