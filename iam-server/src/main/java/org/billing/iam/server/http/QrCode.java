package org.billing.iam.server.http;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders text, such as an {@code otpauth://} enrolment URI, as a QR code PNG in a
 * {@code data:} URI that an {@code <img>} shows without another request. The image is built
 * in memory and never written to disk, because it carries the TOTP secret.
 */
public final class QrCode {

    /** Pixels per QR module; 6 gives about 250 px for a typical enrolment URI. */
    private static final int MODULE_PIXELS = 6;

    /** Quiet zone in modules; ISO/IEC 18004 requires 4. */
    private static final int QUIET_ZONE_MODULES = 4;

    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;

    private QrCode() {
    }

    /** Returns {@code data:image/png;base64,...} for a QR code of {@code text}. */
    public static String pngDataUri(String text) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(text));
    }

    /** Returns the PNG bytes of a QR code of {@code text}, with error correction level M. */
    public static byte[] png(String text) {
        BitMatrix matrix = encode(text);
        int size = (matrix.getWidth() + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int moduleX = x / MODULE_PIXELS - QUIET_ZONE_MODULES;
                int moduleY = y / MODULE_PIXELS - QUIET_ZONE_MODULES;
                boolean dark = moduleX >= 0 && moduleY >= 0 && moduleX < matrix.getWidth()
                        && moduleY < matrix.getHeight() && matrix.get(moduleX, moduleY);
                image.setRGB(x, y, dark ? BLACK : WHITE);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to encode the QR code as PNG", e);
        }
        return out.toByteArray();
    }

    private static BitMatrix encode(String text) {
        // Margin 0 because the quiet zone is drawn above, in whole modules.
        Map<EncodeHintType, Object> hints = Map.of(
                EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                EncodeHintType.CHARACTER_SET, "UTF-8",
                EncodeHintType.MARGIN, 0);
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("Text does not fit in a QR code: " + text.length() + " characters", e);
        }
    }
}
