import { createHmac } from 'node:crypto';
import { expect, type APIRequestContext, type BrowserContext, type Locator, type Page } from '@playwright/test';

/** The connection indicator, the offline queue's notices, and what the app kept in IndexedDB. */
export class OfflineShell {
  readonly status: Locator;
  readonly state: Locator;
  readonly pending: Locator;
  readonly conflicts: Locator;

  constructor(readonly page: Page, readonly context: BrowserContext) {
    this.status = page.getByTestId('connection-status');
    this.state = page.getByTestId('connection-state');
    this.pending = page.getByTestId('pending-changes');
    this.conflicts = page.getByTestId('replay-conflicts');
  }

  async goOffline() {
    await this.context.setOffline(true);
    await expect(this.state).toHaveText(/Offline/);
  }

  async goOnline() {
    await this.context.setOffline(false);
  }

  /** Every record in the app's IndexedDB store (each a JSON text), one a line. */
  async records(): Promise<string> {
    return this.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('bazaar-offline');
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('records')) return resolve('');
            const all = db.transaction('records').objectStore('records').getAll();
            all.onsuccess = () => {
              resolve(all.result.join('\n'));
              db.close();
            };
          };
          open.onerror = () => resolve('');
        }),
    );
  }

  /** Follows an in-app link (no page load: the SPA navigates by itself, which works offline). */
  async follow(href: string) {
    await this.page.locator(`a[href="${href}"]`).first().click();
  }
}

/** A fresh shopper signed in in `page`'s context (tests run in parallel, so each has its own cart and orders). */
export async function newShopper(page: Page, project: string) {
  const email = `offline-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const response = await page.request.post('/api/accounts/sign_up', {
    form: { email, password: 'a long enough test password', display_name: 'Offline Buyer', role: 'shopper' },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
}

/** Listings of the demo seller's shop with stock, from the back of the catalog (other specs take the front). */
export async function backListings(seller: APIRequestContext, count: number): Promise<{ productId: string; variantId: string; priceMinor: number }[]> {
  const me = await (await seller.get('/api/v1/me')).json();
  const found: { productId: string; variantId: string; priceMinor: number }[] = [];
  for (let page = 20; page >= 1 && found.length < count; page--) {
    const results = await (await seller.get(`/api/v1/products?in_stock=true&per_page=100&page=${page}`)).json();
    for (const item of (results.items ?? []).filter((p: { seller: { id: string } }) => p.seller.id === me.shop.id).reverse()) {
      const detail = await (await seller.get(`/api/v1/products/${item.id}`)).json();
      if (detail.variants.length === 1 && detail.stock > 5) {
        found.push({ productId: item.id, variantId: detail.variants[0].id, priceMinor: detail.variants[0].price.amount_minor });
        if (found.length === count) break;
      }
    }
  }
  expect(found.length).toBe(count);
  return found;
}

/** Posts a BatchFreight batch signed as the carrier signs it (HMAC-SHA256 over "<t>.<body>"). */
export async function carrierSends(api: APIRequestContext, body: object) {
  const text = JSON.stringify(body);
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', 'whsec_bazaar_carriers').update(`${t}.${text}`).digest('hex');
  const response = await api.post('/api/v1/carriers/batchfreight/events', {
    data: text,
    headers: { 'content-type': 'application/json', 'bazaar-carrier-signature': `t=${t},v1=${v1}` },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
}

/** Ships `orderId` with BatchFreight and reports the given carrier statuses ('COL', 'TRN', 'DLV'). */
export async function shipAndTrack(seller: APIRequestContext, orderId: string, statuses: string[]) {
  const shipped = await seller.post(`/api/v1/orders/${orderId}/ship`, { data: { carrier: 'batchfreight' } });
  expect(shipped.ok(), await shipped.text()).toBeTruthy();
  const tracking: string = (await shipped.json()).tracking_number;
  const now = Math.floor(Date.now() / 1000);
  const updates = statuses.map((status, i) => ({ ref: tracking, seq: i + 1, status, epoch: now + (i + 1) * 3600, depot: 'LHR-3', note: status }));
  await carrierSends(seller, { batch: `e2e-offline-${tracking}`, updates });
}
