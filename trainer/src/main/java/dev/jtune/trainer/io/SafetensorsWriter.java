package dev.jtune.trainer.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects tensors and writes them as one safetensors file, atomically (temp file in the same folder, then
 * rename), so a crash or a full disk never leaves a half-written checkpoint behind.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(DType dtype, long[] shape, ByteBuffer data) {
    }

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a float tensor stored as {@code dtype} (F32, F16 or BF16). */
    public SafetensorsWriter add(String name, float[] values, long[] shape, DType dtype) {
        checkShape(name, values.length, shape);
        ByteBuffer data = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> data.asFloatBuffer().put(values);
            case F16 -> {
                for (float v : values) {
                    data.putShort(HalfFloats.floatToF16(v));
                }
            }
            case BF16 -> {
                for (float v : values) {
                    data.putShort(HalfFloats.floatToBf16(v));
                }
            }
            default -> throw new IllegalArgumentException("cannot store floats as " + dtype);
        }
        data.rewind();
        return addRaw(name, dtype, shape, data);
    }

    public SafetensorsWriter add(String name, float[] values, long... shape) {
        return add(name, values, shape, DType.F32);
    }

    /** Adds little-endian bytes already in {@code dtype}'s layout. */
    public SafetensorsWriter addRaw(String name, DType dtype, long[] shape, ByteBuffer littleEndianData) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        if (littleEndianData.remaining() != elements * dtype.bytes()) {
            throw new IllegalArgumentException("tensor '" + name + "': " + littleEndianData.remaining()
                    + " bytes do not fit shape " + java.util.Arrays.toString(shape) + " of " + dtype);
        }
        if (tensors.putIfAbsent(name, new Entry(dtype, shape.clone(), littleEndianData.duplicate())) != null) {
            throw new IllegalArgumentException("tensor '" + name + "' added twice");
        }
        return this;
    }

    private static void checkShape(String name, int length, long[] shape) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        if (elements != length) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + length + " values but shape "
                    + java.util.Arrays.toString(shape));
        }
    }

    public void write(Path file) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", e.getValue().dtype().name());
            var shape = node.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long size = e.getValue().data().remaining();
            node.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] headerJson = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        // Pad the header with spaces to an 8-byte boundary, as the reference implementation does.
        int padded = (headerJson.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(headerJson);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();
        AtomicFiles.write(file, out -> {
            WritableByteChannel channel = Channels.newChannel(out);
            writeFully(channel, prefix);
            for (Entry entry : tensors.values()) {
                writeFully(channel, entry.data().duplicate());
            }
        });
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
