import { expect, test } from '@playwright/test';
import { DEMO, SignInPage } from './pages/account';

const artifacts = 'artifacts';

test('a seller imports listings from CSV: preview, progress, drafts, and the rows to fix', async ({ page }, info) => {
  const word = `Quartzine${info.project.name}${Date.now().toString(36).replace(/[0-9]/g, '')}`;
  const signIn = new SignInPage(page);
  await signIn.open('/signin?next=/seller/listings');
  await signIn.signIn(DEMO.seller);
  await expect(page.getByTestId('listings-table')).toBeVisible();
  await page.getByTestId('open-import').click();
  await expect(page.getByTestId('import-page')).toBeVisible();

  const categories = await (await page.request.get('/api/v1/categories')).json();
  const slug = categories[0].children[0].slug;
  const csv = [
    'listing,title,description,category,sku,price,stock,colour,size,material,capacity,pattern,warranty_months',
    `lamp,${word} lamp,"A brass lamp, 45 cm tall.",${slug},${word}-S,45.00,3,Sage,,Brass,,,24`,
    `lamp,,,,${word}-N,39.50,2,Navy,,,,,`,
    `mug,${word} mug,A stoneware mug glazed by hand.,${slug},${word}-M,12,10,,,Stoneware,350 ml,,`,
    `vase,${word} vase,A tall vase.,${slug},${word}-V,twenty,1,,,,,,`,
  ].join('\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'spring.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  // The preview is the server's parser run in the browser.
  await expect(page.getByTestId('import-counts')).toHaveText('4 rows: 2 listings ready, 1 rows with problems.');
  await expect(page.getByTestId('import-problems')).toContainText('Line 5, price:');
  await page.screenshot({ path: `${artifacts}/import-preview-${info.project.name}.png`, fullPage: true });

  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-progress')).toContainText('2 of 2 listings imported');
  const line = page.getByTestId('import-list').locator('li').first();
  await expect(line).toContainText('spring.csv');
  const download = line.getByTestId('download-problems');
  await expect(download).toBeVisible();
  const problems = await (await page.request.get((await download.getAttribute('href'))!)).text();
  expect(problems.split('\n')[1]).toContain('twenty');
  expect(problems).toContain('price: is not a price');
  await page.screenshot({ path: `${artifacts}/import-done-${info.project.name}.png`, fullPage: true });

  // The drafts wait in the listings table.
  await page.goto('/seller/listings?status=draft');
  await expect(page.getByTestId('listings-table')).toContainText(`${word} lamp`);
  await expect(page.getByTestId('listings-table')).toContainText(`${word} mug`);
});
