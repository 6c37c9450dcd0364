import { expect, test } from '@playwright/test';
import { DEMO, SignInPage, SignUpPage } from './pages/account';
import { OnboardingPage, VerificationPanel } from './pages/onboarding';

const artifacts = 'artifacts';

test('a new seller signs up, completes onboarding, and an operator verifies the shop', async ({ browser, page }, info) => {
  test.setTimeout(90_000);
  const phone = info.project.name === 'phone';
  if (phone) await page.setViewportSize({ width: 390, height: 844 });
  const stamp = `${info.project.name}-${Date.now()}`;
  const shopName = `Clay ${stamp}`.slice(0, 60);

  const signUp = new SignUpPage(page);
  await signUp.open();
  await signUp.fill({ name: 'Nadia Potter', email: `nadia-${stamp}@example.com`, password: 'a sentence that is long', shop: shopName });
  await signUp.submit();
  await expect(page.getByTestId('account-menu')).toContainText('Nadia Potter');

  const onboarding = new OnboardingPage(page);
  await onboarding.open();
  await expect(onboarding.status).toHaveAttribute('data-status', 'unverified');
  await expect(page.getByTestId('submit-verification')).toBeDisabled();
  await page.screenshot({ path: `${artifacts}/onboarding-start-${info.project.name}.png`, fullPage: true });

  // A field rule shows on its field before anything is sent.
  await page.locator('#shop-handling-days').fill('45');
  await page.getByTestId('save-shop').click();
  await expect(page.locator('#shop-handling-days-error')).toHaveText('Enter a whole number from 0 to 30.');
  await expect(page.locator('#shop-handling-days')).toHaveAttribute('aria-invalid', 'true');

  await onboarding.fillProfile({
    description: 'Stoneware mugs and bowls, thrown by hand and fired in our own kiln.',
    returnPolicy: 'Unused items within 30 days, in their original packaging.',
    handlingDays: '3',
  });
  await onboarding.expectDone('profile');
  await onboarding.uploadLogo();
  await onboarding.expectDone('logo');
  await onboarding.connectPayout('Nadia Potter', 'DE89 3704 0044 0532 0130 00');
  await expect(page.getByTestId('payout-account')).toContainText('••••3000');
  await onboarding.expectDone('payout_account');
  await onboarding.acceptRules();
  await expect(page.getByTestId('rules-accepted')).toBeVisible();
  await onboarding.expectDone('rules');
  await onboarding.uploadDocument();
  await expect(page.getByTestId('document-on-file')).toBeVisible();
  await onboarding.expectDone('identity_document');
  await page.screenshot({ path: `${artifacts}/onboarding-complete-${info.project.name}.png`, fullPage: true });

  await onboarding.submit();
  await expect(onboarding.status).toHaveAttribute('data-status', 'pending');
  await expect(onboarding.checklist).toContainText('We are checking your documents');
  await page.screenshot({ path: `${artifacts}/onboarding-pending-${info.project.name}.png`, fullPage: true });

  // The operator, in another browser session, approves the shop in /admin.
  const operatorContext = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
  const admin = await operatorContext.newPage();
  const signIn = new SignInPage(admin);
  await signIn.open('/signin?next=/admin');
  await signIn.signIn(DEMO.operator);
  const panel = new VerificationPanel(admin);
  await expect(panel.row(shopName)).toBeVisible();
  await admin.screenshot({ path: `${artifacts}/verification-queue-${info.project.name}.png`, fullPage: true });
  await panel.open(shopName);
  await expect(panel.caseView).toContainText('Stoneware mugs');
  await expect(panel.caseView.getByTestId('case-rules')).toContainText('UTC');
  await expect(panel.caseView.getByTestId('download-document')).toBeVisible();
  await panel.caseView.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: `${artifacts}/verification-case-${info.project.name}.png`, fullPage: true });
  await panel.caseView.getByTestId('approve-shop').click();
  await expect(panel.caseView.getByTestId('case-status')).toHaveAttribute('data-status', 'verified');
  await operatorContext.close();

  // The seller sees the shop verified.
  await page.reload();
  await expect(onboarding.status).toHaveAttribute('data-status', 'verified');
  await expect(onboarding.status).toContainText('Verified');
  await expect(onboarding.checklist).toHaveCount(0);
  await page.screenshot({ path: `${artifacts}/onboarding-verified-${info.project.name}.png`, fullPage: true });
});
