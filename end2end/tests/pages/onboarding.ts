import { expect, type Locator, type Page } from '@playwright/test';

/** A 1×1 PNG: enough for the logo and image checks (signature, header, dimensions). */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A tiny PDF standing for a scanned identity document. */
export const PDF = Buffer.from('%PDF-1.4\n% test identity document\n%%EOF\n');

/** The seller console's onboarding: checklist, shop settings, logo, payout account, rules, identity document. */
export class OnboardingPage {
  readonly root: Locator;
  readonly checklist: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('onboarding');
    this.checklist = page.getByTestId('checklist');
    this.status = page.getByTestId('verification-status');
  }

  async open() {
    await this.page.goto('/seller');
    await expect(this.root).toBeVisible();
  }

  step(name: string): Locator {
    return this.page.getByTestId(`step-${name}`);
  }

  async expectDone(name: string) {
    await expect(this.step(name)).toHaveAttribute('data-done', 'true');
  }

  async fillProfile(fields: { description: string; returnPolicy: string; handlingDays: string }) {
    await this.page.locator('#shop-description').fill(fields.description);
    await this.page.locator('#shop-handling-days').fill(fields.handlingDays);
    await this.page.locator('#shop-return-policy').fill(fields.returnPolicy);
    await this.page.getByTestId('save-shop').click();
  }

  async uploadLogo() {
    await this.page.locator('#shop-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_1X1 });
  }

  async connectPayout(holder: string, accountNumber: string) {
    await this.page.locator('#payout-holder').fill(holder);
    await this.page.locator('#payout-account-number').fill(accountNumber);
    await this.page.getByTestId('connect-payout').click();
  }

  async acceptRules() {
    await this.page.getByTestId('accept-rules').click();
  }

  async uploadDocument() {
    await this.page
      .locator('#identity-document')
      .setInputFiles({ name: 'passport.pdf', mimeType: 'application/pdf', buffer: PDF });
  }

  async submit() {
    await this.page.getByTestId('submit-verification').click();
  }
}

/** The operator console's "Shops to verify" panel. */
export class VerificationPanel {
  readonly root: Locator;
  readonly caseView: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('verification-panel');
    this.caseView = page.getByTestId('verification-case');
  }

  row(shopName: string): Locator {
    return this.root.getByTestId('queue-row').filter({ hasText: shopName });
  }

  async open(shopName: string) {
    await this.row(shopName).getByTestId('open-case').click();
    await expect(this.caseView).toBeVisible();
  }
}

/** Works through the whole onboarding checklist as a new seller would and submits it for review. */
export async function completeOnboarding(onboarding: OnboardingPage, holder: string) {
  await onboarding.open();
  await onboarding.fillProfile({
    description: 'Stoneware mugs and bowls, thrown by hand and fired in our own kiln.',
    returnPolicy: 'Unused items within 30 days, in their original packaging.',
    handlingDays: '2',
  });
  await onboarding.expectDone('profile');
  await onboarding.uploadLogo();
  await onboarding.expectDone('logo');
  await onboarding.connectPayout(holder, 'DE89 3704 0044 0532 0130 00');
  await onboarding.expectDone('payout_account');
  await onboarding.acceptRules();
  await onboarding.expectDone('rules');
  await onboarding.uploadDocument();
  await onboarding.expectDone('identity_document');
  await onboarding.submit();
  await expect(onboarding.status).toHaveAttribute('data-status', 'pending');
}
