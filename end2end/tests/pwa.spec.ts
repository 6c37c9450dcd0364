import { expect, test, type Page } from '@playwright/test';
import { StorefrontPage } from './pages/storefront';

// The installable app: manifest, service worker, the storefront offline, nothing private cached, the update prompt.
// Each test gets a fresh browser context, so a fresh service worker registration and empty caches.
const artifacts = 'artifacts';

test.beforeEach(async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as unknown as { errors: string[] }).errors = errors;
});
test.afterEach(async ({ page }) => {
  expect((page as unknown as { errors: string[] }).errors).toEqual([]);
});

/** Waits until a service worker controls the page (the first install claims it; no reload needed). */
async function waitForController(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
}

/** Every URL stored in any cache of this origin, by cache name. */
async function cachedUrls(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const result: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      result[name] = (await cache.keys()).map((request) => new URL(request.url).pathname + new URL(request.url).search);
    }
    return result;
  });
}

test('the manifest is linked and makes the app installable', async ({ page, request }) => {
  await new StorefrontPage(page).open();
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const response = await request.get(href!);
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: 'Bazaar', short_name: 'Bazaar', start_url: '/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  const icons = manifest.icons as { src: string; sizes: string; type: string; purpose?: string }[];
  for (const size of ['192x192', '512x512']) {
    expect(icons.some((icon) => icon.sizes === size && icon.type === 'image/png' && (icon.purpose ?? 'any').includes('any'))).toBe(true);
  }
  expect(icons.some((icon) => icon.sizes === '512x512' && icon.purpose === 'maskable')).toBe(true);
  for (const icon of icons) {
    const file = await request.get(icon.src);
    expect(file.ok(), icon.src).toBe(true);
    expect(file.headers()['content-type']).toContain(icon.type);
    if (icon.type === 'image/png') {
      // The PNG header's width and height are the declared size.
      const bytes = await file.body();
      const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
  }
  // The worker script is always revalidated, so a deploy is seen on the next visit.
  const worker = await request.get('/sw.js');
  expect(worker.headers()['cache-control']).toBe('no-cache');
  expect(await worker.text()).not.toContain('version: "dev"');
});

test('the service worker precaches this build and controls the page after a reload', async ({ page }) => {
  await new StorefrontPage(page).open();
  const registration = await page.evaluate(async () => {
    const ready = await navigator.serviceWorker.ready;
    return { scope: ready.scope, script: ready.active?.scriptURL };
  });
  expect(new URL(registration.scope).pathname).toBe('/');
  expect(new URL(registration.script!).pathname).toBe('/sw.js');
  await page.reload();
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);

  // The shell cache holds exactly this build's files: the wasm, js and css the page loaded, and index.html.
  const caches = await cachedUrls(page);
  const shell = Object.entries(caches).find(([name]) => name.startsWith('bazaar-shell-'));
  expect(shell, JSON.stringify(Object.keys(caches))).toBeTruthy();
  const loaded = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname).filter((path) => /\.(wasm|js|css)$/.test(path) && path !== '/sw.js'),
  );
  expect(loaded.length).toBeGreaterThanOrEqual(3);
  for (const path of loaded) expect(shell![1]).toContain(path);
  expect(shell![1]).toContain('/index.html');
});

test('after one visit online, the storefront and a visited product page work offline', async ({ page, context }, info) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  await waitForController(page);
  // Visit again under the worker's control, so the catalog reads go through it and are stored.
  await page.reload();
  await expect(storefront.productCards.first()).toBeVisible();
  const titles = await page.getByTestId('product-card').locator('h2, h3').first().innerText();
  await storefront.productCards.first().locator('a').first().click();
  await expect(page.getByTestId('product-page')).toBeVisible();
  const productUrl = page.url();
  const productTitle = await page.locator('h1.product-page__title').innerText();

  await context.setOffline(true);
  await page.goto('/');
  await expect(storefront.productCards.first()).toBeVisible();
  expect(await page.getByTestId('product-card').locator('h2, h3').first().innerText()).toBe(titles);
  await page.screenshot({ path: `${artifacts}/pwa-offline-storefront-${info.project.name}.png`, fullPage: false });

  await page.goto(productUrl);
  await expect(page.locator('h1.product-page__title')).toHaveText(productTitle);
  await page.screenshot({ path: `${artifacts}/pwa-offline-product-${info.project.name}.png`, fullPage: false });
  await context.setOffline(false);
});

test('private reads and non-GET requests are never stored in a cache', async ({ page }) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  await waitForController(page);
  await page.reload();
  await expect(storefront.productCards.first()).toBeVisible();
  // Through the worker: a private GET, a cart read, and a POST.
  const statuses = await page.evaluate(async () => {
    const me = await fetch('/api/accounts/me');
    const cart = await fetch('/api/cart/view');
    const post = await fetch('/api/catalog/search', { method: 'POST', body: '' });
    return [me.status, cart.status, post.status];
  });
  expect(statuses.length).toBe(3);
  const stored = Object.values(await cachedUrls(page)).flat();
  expect(stored.some((url) => url.startsWith('/api/catalog/'))).toBe(true);
  for (const url of stored) {
    expect(url).not.toMatch(/^\/api\/(accounts|orders|cart|checkout|seller|admin|shops)\//);
  }
});

test('a waiting new version is offered, and Reload switches to it once', async ({ page }, info) => {
  const storefront = new StorefrontPage(page);
  await storefront.open();
  await waitForController(page);
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);

  // A deploy changes sw.js; the test server cannot, so register the same worker under a new URL, which the
  // browser treats the same way: it installs a second worker that waits while the page keeps the current one.
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js?deploy=2'));
  const prompt = page.getByTestId('update-prompt');
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('A new version of Bazaar is available.');
  await page.screenshot({ path: `${artifacts}/pwa-update-prompt-${info.project.name}.png`, fullPage: false });

  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  const reloaded = page.waitForEvent('load');
  await page.getByTestId('update-reload').click();
  await reloaded;
  await expect(storefront.productCards.first()).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js\?deploy=2$/);
  expect(navigations.length).toBe(1);
});
