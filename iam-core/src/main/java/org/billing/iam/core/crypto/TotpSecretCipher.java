package org.billing.iam.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of TOTP secrets in the stored form {@code iv:authTag:ciphertext},
 * written as lower-case hex (upper case is accepted when reading), with a 12-byte IV, a
 * 16-byte tag and no associated data. The plaintext is the base32 text of the secret. Java
 * appends the tag to the ciphertext, so it is moved in front to match the existing data.
 */
public final class TotpSecretCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern STORED_FORMAT = Pattern.compile(
            "[0-9a-fA-F]{" + IV_BYTES * 2 + "}:[0-9a-fA-F]{" + TAG_BYTES * 2 + "}:[0-9a-fA-F]*");

    private final SecretKeySpec key;
    private final SecureRandom random;

    /** Creates a cipher for a 32-byte key. */
    public TotpSecretCipher(byte[] key, SecureRandom random) {
        if (key.length != 32) {
            throw new IllegalArgumentException("TOTP encryption key must be 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    /** Creates a cipher from a key written as 64 hex characters. */
    public static TotpSecretCipher fromHex(String keyHex) {
        if (keyHex == null || !keyHex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("TOTP encryption key must be 64 hex characters");
        }
        return new TotpSecretCipher(HEX.parseHex(keyHex), new SecureRandom());
    }

    /** Encrypts a base32 secret under a fresh random IV. */
    public String encrypt(String secretBase32) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
            byte[] sealed = cipher.doFinal(secretBase32.getBytes(StandardCharsets.UTF_8));
            int ciphertextLength = sealed.length - TAG_BYTES;
            byte[] ciphertext = Arrays.copyOfRange(sealed, 0, ciphertextLength);
            byte[] tag = Arrays.copyOfRange(sealed, ciphertextLength, sealed.length);
            return HEX.formatHex(iv) + ":" + HEX.formatHex(tag) + ":" + HEX.formatHex(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a stored secret.
     *
     * @throws IllegalArgumentException when the value is malformed or fails authentication. No
     *     plaintext is returned then, and the message never contains the value.
     */
    public String decrypt(String stored) {
        if (stored == null || !STORED_FORMAT.matcher(stored).matches()) {
            throw malformed();
        }
        String[] parts = stored.split(":", -1);
        if (parts[2].length() % 2 != 0) {
            throw malformed();
        }
        byte[] iv = HEX.parseHex(parts[0]);
        byte[] tag = HEX.parseHex(parts[1]);
        byte[] ciphertext = HEX.parseHex(parts[2]);
        byte[] sealed = new byte[ciphertext.length + TAG_BYTES];
        System.arraycopy(ciphertext, 0, sealed, 0, ciphertext.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, TAG_BYTES);

        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
            return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException(
                    "Encrypted TOTP secret failed authentication (wrong key or altered value)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("Encrypted TOTP secret is not in iv:authTag:ciphertext"
                + " form with a 12-byte IV, a 16-byte tag and whole bytes of hex");
    }
}
