// A coupon's code as the till reads it: a QR code and a Code 128 barcode, with the code in text below.
import JsBarcode from 'jsbarcode';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';

export function CouponCodes(props: { code: string; label: string }) {
  const barcode = useRef<SVGSVGElement>(null);
  const [qr, setQr] = useState<string>();
  // The machine-readable forms carry the code without dashes: scanners type it as one word.
  const plain = props.code.replace(/-/g, '');
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(plain, { errorCorrectionLevel: 'M', margin: 1, width: 200 }).then(
      (url) => live && setQr(url),
    );
    if (barcode.current) {
      JsBarcode(barcode.current, plain, { format: 'CODE128', displayValue: false, height: 60, margin: 0 });
    }
    return () => {
      live = false;
    };
  }, [plain]);
  return (
    <figure className="coupon-codes" aria-label={props.label}>
      {qr && <img src={qr} alt={props.code} width={160} height={160} data-testid="coupon-qr" />}
      <svg ref={barcode} role="img" aria-label={props.code} data-testid="coupon-barcode" />
      <figcaption className="num coupon-code" dir="ltr">
        {props.code}
      </figcaption>
    </figure>
  );
}
