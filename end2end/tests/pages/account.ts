import { expect, type Locator, type Page } from '@playwright/test';

export const DEMO = {
  seller: { email: 'seller@bazaar.test', password: 'seller-demo-2026' },
  shopper: { email: 'shopper@bazaar.test', password: 'shopper-demo-2026' },
  operator: { email: 'operator@bazaar.test', password: 'operator-demo-2026' },
};

/** The sign-in page. */
export class SignInPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.email = page.locator('#email');
    this.password = page.locator('#password');
    this.submit = page.getByTestId('sign-in').locator('button[type="submit"]');
  }

  async open(path = '/signin') {
    await this.page.goto(path);
    await expect(this.page.getByTestId('sign-in')).toBeVisible();
  }

  async signIn(account: { email: string; password: string }) {
    await this.email.fill(account.email);
    await this.password.fill(account.password);
    await this.submit.click();
  }
}

/** The sign-up page. */
export class SignUpPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('sign-up');
  }

  async open() {
    await this.page.goto('/signup');
    await expect(this.root).toBeVisible();
  }

  async fill(fields: { name: string; email: string; password: string; shop?: string }) {
    if (fields.shop) await this.root.locator('input[name="role"][value="seller"]').check();
    await this.page.locator('#display_name').fill(fields.name);
    if (fields.shop) await this.page.locator('#shop_name').fill(fields.shop);
    await this.page.locator('#email').fill(fields.email);
    await this.page.locator('#password').fill(fields.password);
  }

  async submit() {
    await this.root.locator('button[type="submit"]').click();
  }

  errorFor(field: string): Locator {
    return this.page.locator(`#${field}-error`);
  }
}

/** The header's account area. */
export class AccountMenu {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('account-menu');
  }

  async signOut() {
    await this.root.getByRole('button').click();
  }
}
