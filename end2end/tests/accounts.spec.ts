import { expect, test } from '@playwright/test';
import { AccountMenu, DEMO, SignInPage, SignUpPage } from './pages/account';

const artifacts = 'artifacts';

test('sign up, sign out, then sign in as a seller and reach the seller console', async ({ page }, info) => {
  const signUp = new SignUpPage(page);
  await signUp.open();
  const email = `ana-${info.project.name}-${Date.now()}@example.com`;
  await signUp.fill({ name: 'Ana Shopper', email, password: 'a sentence that is long' });
  await signUp.submit();
  const menu = new AccountMenu(page);
  await expect(menu.root).toContainText('Ana Shopper');
  await expect(page).toHaveURL(/\/$/);

  await menu.signOut();
  await expect(menu.root.getByRole('link', { name: 'Sign in' })).toBeVisible();

  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(DEMO.seller);
  await expect(page).toHaveURL(/\/seller$/);
  await expect(page.getByTestId('seller-console')).toBeVisible();
  await expect(page.getByTestId('shop-name')).not.toBeEmpty();
  await page.screenshot({ path: `${artifacts}/seller-console-${info.project.name}.png`, fullPage: true });
});

test('a shopper sent to the seller console is redirected with a message', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn(DEMO.shopper);
  await expect(new AccountMenu(page).root).toContainText('Sofia Shopper');
  await page.goto('/seller');
  await expect(page).toHaveURL(/\/\?notice=seller_only$/);
  await expect(page.getByTestId('notice')).toHaveText('The seller console is for seller accounts.');
});

test('a signed-out visitor is sent to sign in and brought back', async ({ page }) => {
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/signin\?next=\/admin$/);
  await new SignInPage(page).signIn(DEMO.operator);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId('audit-log')).toContainText('sign_in');
});

test('wrong credentials get one message that does not say which part was wrong', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn({ email: DEMO.seller.email, password: 'not the right password' });
  await expect(page.locator('.form__message')).toHaveText('That email and password do not match an account.');
});

test('sign-up checks every field inline, in the chosen language', async ({ page }, info) => {
  const signUp = new SignUpPage(page);
  await signUp.open();
  await page.getByTestId('language-switcher').selectOption('ko');
  await signUp.fill({ name: 'K', email: 'not-an-email', password: 'short', shop: 'S' });
  await signUp.submit();
  await expect(signUp.errorFor('email')).toHaveText('name@example.com 형식의 이메일을 입력하세요.');
  await expect(signUp.errorFor('password')).toHaveText('12자 이상 입력하세요.');
  await expect(signUp.errorFor('display_name')).toHaveText('2~60자로 입력하세요.');
  await expect(signUp.errorFor('shop_name')).toHaveText('2~60자로 입력하세요.');
  await expect(page.locator('#password')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: `${artifacts}/sign-up-errors-ko-${info.project.name}.png`, fullPage: true });

  // The server's answer shows on its field too: a password that is long but common.
  await page.getByTestId('language-switcher').selectOption('en');
  await signUp.fill({ name: 'Kim', email: `kim-${info.project.name}-${Date.now()}@example.com`, password: 'password1234', shop: 'Kim Shop' });
  await signUp.submit();
  await expect(signUp.errorFor('password')).toHaveText('This password is too common. Choose another.');
});

test('a seller creates an API token, sees it once, and revokes it', async ({ page }, info) => {
  const signIn = new SignInPage(page);
  await signIn.open('/signin?next=/seller');
  await signIn.signIn(DEMO.seller);
  const panel = page.getByTestId('tokens-panel');
  await expect(panel).toBeVisible();
  const name = `warehouse sync ${info.project.name} ${Date.now()}`;
  await panel.locator('#token-name').fill(name);
  await panel.getByLabel('orders:read').check();
  await panel.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('token-secret')).toHaveText(/^bzr_[A-Za-z0-9]{32}$/);
  const token = panel.getByTestId('token').filter({ hasText: name });
  await expect(token).toBeVisible();
  await token.getByRole('button', { name: 'Revoke' }).click();
  await expect(token).toContainText('Revoked');
});
