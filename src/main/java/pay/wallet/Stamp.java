package pay.wallet;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * A wallet's address and key, stored as the official client stored them: a file named {@code bloostamp} holding
 * {@code addr:key} and nothing else. Whoever has the key can spend the address's coins, so {@link #toString()}
 * never shows it.
 */
public record Stamp(String addr, String key) {
    public static final Path DEFAULT_FILE = Path.of("bloostamp");
    /** The protocol's address length. */
    public static final int ADDRESS_LENGTH = 40;
    /** Far above any real stamp (81 bytes); stops a wrong --stamp argument from reading a huge file. */
    private static final long MAX_FILE_BYTES = 4096;

    public Stamp {
        if (addr == null || addr.length() != ADDRESS_LENGTH || addr.indexOf(':') >= 0 || !printableWithoutSpaces(addr)) {
            throw new IllegalArgumentException("an address is " + ADDRESS_LENGTH
                    + " printable characters without spaces or ':'");
        }
        if (key == null || key.isEmpty() || !printableWithoutSpaces(key)) {
            throw new IllegalArgumentException("a key is one or more printable characters without spaces");
        }
    }

    /**
     * A new random wallet in the official client's format: address and key are each the SHA-1 of random bytes,
     * as 40 lowercase hex characters.
     */
    public static Stamp generate(SecureRandom random) {
        return new Stamp(randomSha1Hex(random), randomSha1Hex(random));
    }

    public static Stamp read(Path file) throws StampException {
        String content;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new StampException("stamp file " + file + " is malformed: far too long for addr:key", null);
            }
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new StampException("no stamp file at " + file + " (create a wallet with `wallet new`)", e);
        } catch (CharacterCodingException e) {
            throw new StampException("stamp file " + file + " is malformed: not UTF-8 text", e);
        } catch (IOException e) {
            throw new StampException("cannot read stamp file " + file + ": " + e.getMessage(), e);
        }
        // The official client writes no newline; editors add one.
        String line = content.strip();
        int colon = line.indexOf(':');
        try {
            if (colon < 0) {
                throw new IllegalArgumentException("no ':' between address and key");
            }
            return new Stamp(line.substring(0, colon), line.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            // The message describes the rule broken, never the content: the content holds the key.
            throw new StampException("stamp file " + file + " is malformed (expected addr:key): " + e.getMessage(), e);
        }
    }

    /**
     * Writes this stamp to a new file, readable by its owner only where the file system has POSIX permissions.
     * Never overwrites: an existing stamp may be the only copy of a key that holds coins.
     */
    public void writeNew(Path file) throws StampException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] ownerOnly = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, ownerOnly)) {
            ByteBuffer content = ByteBuffer.wrap((addr + ":" + key).getBytes(StandardCharsets.UTF_8));
            while (content.hasRemaining()) {
                channel.write(content);
            }
        } catch (FileAlreadyExistsException e) {
            throw new StampException("stamp file " + file + " already exists; refusing to overwrite it", e);
        } catch (IOException e) {
            throw new StampException("cannot write stamp file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Stamp[addr=" + addr + ", key=(hidden)]";
    }

    private static boolean printableWithoutSpaces(String text) {
        return text.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static String randomSha1Hex(SecureRandom random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(seed));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
