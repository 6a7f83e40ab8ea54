import { TestBed } from '@angular/core/testing';
import { button, byLabel, typeInto } from '../../testing/dom';
import type { CustomerReview } from '../ticket';
import { ReviewForm } from './review-form';

describe(ReviewForm.name, () => {
  async function render() {
    TestBed.configureTestingModule({ imports: [ReviewForm] });
    const fixture = TestBed.createComponent(ReviewForm);
    const reviews: CustomerReview[] = [];
    fixture.componentInstance.review.subscribe((review) => reviews.push(review));
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const radio = (text: string) =>
      [...root.querySelectorAll('mat-radio-button')]
        .find((r) => r.textContent?.includes(text))!
        .querySelector('input') as HTMLInputElement;
    const checkbox = (text: string) =>
      [...root.querySelectorAll('mat-checkbox')].find((c) => c.textContent?.includes(text))?.querySelector('input') as
        HTMLInputElement | undefined;
    return { fixture, root, reviews, radio, checkbox, settle: () => fixture.whenStable() };
  }

  it('asks a "legitimate" verdict to accept the charges before it is sent', async () => {
    const sut = await render();
    sut.radio('Legitimate – I accept the charges').click();
    await sut.settle();
    expect(sut.checkbox('I confirm the source has been removed')).toBeUndefined();
    typeInto(byLabel(sut.root, 'Message') as unknown as HTMLInputElement, 'Our night shift called Cuba.');

    button(sut.root, 'Submit review').click();
    await sut.settle();
    expect(sut.reviews).toEqual([]);
    expect(sut.root.textContent).toContain('Confirm that you accept the charges.');

    sut.checkbox('I accept the charges')!.click();
    button(sut.root, 'Submit review').click();
    await sut.settle();
    expect(sut.reviews).toEqual([
      { verdict: 'legitimate', message: 'Our night shift called Cuba.', acceptCharges: true },
    ]);
  });

  it('asks a "fraudulent" verdict to confirm the source is removed, and sends only that', async () => {
    const sut = await render();
    sut.radio('Fraudulent – the source has been removed').click();
    await sut.settle();
    expect(sut.checkbox('I accept the charges')).toBeUndefined();
    typeInto(byLabel(sut.root, 'Message') as unknown as HTMLInputElement, 'The ATA was hacked; unplugged.');
    button(sut.root, 'Submit review').click();
    await sut.settle();
    expect(sut.reviews).toEqual([]);
    expect(sut.root.textContent).toContain('Confirm that the source has been removed.');

    sut.checkbox('I confirm the source has been removed')!.click();
    button(sut.root, 'Submit review').click();
    expect(sut.reviews).toEqual([
      { verdict: 'fraudulent', message: 'The ATA was hacked; unplugged.', sourceRemoved: true },
    ]);
  });

  it('needs a verdict and a message', async () => {
    const sut = await render();
    button(sut.root, 'Submit review').click();
    await sut.settle();
    expect(sut.reviews).toEqual([]);
    expect(sut.root.textContent).toContain('Choose a verdict.');
    expect(sut.root.textContent).toContain('Write a message to the NOC');
  });
});
