import { expect, test } from '@playwright/test';
import { DEMO, SignInPage } from './pages/account';

const artifacts = 'artifacts';

/** A 4×3 PNG in one colour: enough for the image pipeline (it reads the size from the header). */
function png(): Buffer {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAYAAAC09K7GAAAAEklEQVR4nGOIqrD5j4wZCAoAAGmpGJ2rMb0pAAAAAElFTkSuQmCC',
    'base64',
  );
}

test('a seller drafts a listing, adds a picture, publishes it, edits its stock in the table and takes it off sale', async ({ page }, info) => {
  // A word nobody else uses, so the storefront search finds exactly this listing.
  const word = `Zanzibarite${info.project.name}${Date.now().toString(36).replace(/[0-9]/g, '')}`;
  const signIn = new SignInPage(page);
  await signIn.open('/signin?next=/seller/listings');
  await signIn.signIn(DEMO.seller);
  await expect(page.getByTestId('listings-table')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Listings' })).toHaveAttribute('aria-current', 'page');

  await page.getByTestId('new-listing').click();
  await expect(page.getByTestId('listing-form')).toBeVisible();
  // The checklist names what publishing needs before anything is typed.
  await expect(page.getByTestId('publish-checklist')).toContainText('title');

  await page.locator('#category_id').selectOption({ index: 2 });
  await page.locator('#title').fill(`${word} brass lamp`);
  await page.locator('#description').fill('A heavy brass reading lamp with a linen shade, 45 cm tall.');
  await page.locator('#attribute-material').fill('Brass');
  const rows = page.getByTestId('variant-row');
  await rows.nth(0).locator('input[id$="-sku"]').fill('ZAN-SAGE');
  await rows.nth(0).locator('input[id$="-colour"]').fill('Sage');
  await rows.nth(0).locator('input[id$="-price"]').fill('45.00');
  await rows.nth(0).locator('input[id$="-stock"]').fill('3');
  await page.getByTestId('add-variant').click();
  await rows.nth(1).locator('input[id$="-sku"]').fill('ZAN SAGE');
  // The form applies the server's rules as the seller types.
  await expect(rows.nth(1)).toContainText('Letters, digits');
  await rows.nth(1).locator('input[id$="-sku"]').fill('ZAN-NAVY');
  await rows.nth(1).locator('input[id$="-colour"]').fill('Navy');
  await rows.nth(1).locator('input[id$="-price"]').fill('39.5');
  await rows.nth(1).locator('input[id$="-stock"]').fill('2');
  // The preview is the shopper's card: title and the lowest price.
  await expect(page.getByTestId('listing-preview')).toContainText(`${word} brass lamp`);
  await expect(page.getByTestId('listing-preview').getByTestId('price')).toContainText('39.50');

  await page.getByTestId('save-listing').click();
  await expect(page).toHaveURL(/\/seller\/listings\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('listing-status')).toHaveText('Draft');
  const listingId = page.url().split('/').pop()!;

  // Publishing without a picture names it.
  await page.getByTestId('publish-listing').click();
  await expect(page.getByTestId('editor-notice')).toContainText('images');

  await page.getByTestId('picture-input').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: png() });
  await expect(page.locator('.picture-strip img')).toHaveCount(1);
  await expect(page.getByTestId('publish-checklist').locator('li')).toHaveCount(0);
  await page.screenshot({ path: `${artifacts}/listing-editor-${info.project.name}.png`, fullPage: true });

  await page.getByTestId('publish-listing').click();
  await expect(page.getByTestId('listing-status')).toHaveText('On sale');

  // Shoppers find it.
  const found = await (await page.request.get(`/api/v1/products?q=${word}`)).json();
  expect(found.items.map((item: { id: string }) => item.id)).toEqual([listingId]);

  // Stock changed in the table, saved in bulk.
  await page.goto('/seller/listings');
  const row = page.locator(`[data-listing-id="${listingId}"]`);
  await expect(row).toBeVisible();
  await row.getByTestId('bulk-stock').first().fill('12');
  await page.getByTestId('save-bulk').click();
  await expect(page.getByRole('status').filter({ hasText: 'variant updated' })).toBeVisible();
  await expect(row).toContainText('14 in stock');
  await page.screenshot({ path: `${artifacts}/listings-${info.project.name}.png`, fullPage: true });

  await row.getByTestId('unpublish').click();
  await expect(row).toHaveAttribute('data-status', 'unpublished');
  const gone = await (await page.request.get(`/api/v1/products?q=${word}`)).json();
  expect(gone.items).toEqual([]);
  expect((await page.request.get(`/api/v1/products/${listingId}`)).status()).toBe(404);
});
