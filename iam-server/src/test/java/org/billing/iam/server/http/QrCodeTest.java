package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodeTest {

    private static final String URI = "otpauth://totp/Billing%20Platform:dr.l%C3%A9a%40example.org"
            + "?secret=JBSWY3DPEHPK3PXP&issuer=Billing%20Platform&algorithm=SHA1&digits=6&period=30";

    @Test
    void dataUriDecodesBackToText() throws Exception {
        String dataUri = QrCode.pngDataUri(URI);

        assertThat(dataUri).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(image.getHeight());
        assertThat(decode(image)).isEqualTo(URI);
    }

    @Test
    void imageHasWhiteQuietZone() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCode.png(URI)));

        for (int i = 0; i < image.getWidth(); i++) {
            assertThat(image.getRGB(i, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
            assertThat(image.getRGB(0, i) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        }
    }

    private static String decode(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        RGBLuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    }
}
