package dev.jtune.trainer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a safetensors file: an 8-byte little-endian header length, a JSON header, then raw tensor bytes.
 * Tensors are memory-mapped one at a time, so files larger than 2 GiB (which DJL's {@code NDList.decode} cannot
 * read) work and nothing is held in the Java heap beyond what the caller asks for.
 */
public final class SafetensorsReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
                              Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(file + " does not exist: check the model folder holds its weights.");
        }
        try {
            return parse(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafetensorsReader parse(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsException(file + " is not a safetensors file (only " + size
                    + " bytes); it may be truncated: download or save it again.");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
            throw new SafetensorsException(file + " has a header length of " + headerLength + " bytes but the file has "
                    + size + " bytes: it is truncated or not a safetensors file; download or save it again.");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8);
        JsonNode header;
        try {
            header = JSON.readTree(headerBytes.array());
        } catch (IOException e) {
            throw new SafetensorsException(file + " has a header that is not valid JSON (" + e.getMessage()
                    + "): the file is damaged; download or save it again.");
        }
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("__metadata__")) {
                entry.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            TensorInfo info = tensorInfo(file, entry.getKey(), entry.getValue());
            if (info.end() > dataLength) {
                throw new SafetensorsException(file + " is truncated: tensor '" + info.name() + "' ends at byte "
                        + (dataStart + info.end()) + " but the file has " + size + " bytes; download or save it again.");
            }
            tensors.put(info.name(), info);
        }
        return new SafetensorsReader(file, channel, dataStart, Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata));
    }

    private static TensorInfo tensorInfo(Path file, String name, JsonNode node) throws SafetensorsException {
        DType dtype;
        try {
            dtype = DType.valueOf(node.path("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file + ": tensor '" + name + "' has unsupported dtype '"
                    + node.path("dtype").asText() + "'.");
        }
        JsonNode shapeNode = node.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        JsonNode offsets = node.path("data_offsets");
        long begin = offsets.path(0).asLong(-1);
        long end = offsets.path(1).asLong(-1);
        TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
        if (begin < 0 || end < begin || end - begin != info.elements() * dtype.bytes()) {
            throw new SafetensorsException(file + ": tensor '" + name + "' has data offsets [" + begin + ", " + end
                    + "] that do not match its shape " + info.shapeString() + " and dtype " + dtype
                    + "; the file is damaged.");
        }
        return info;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new SafetensorsException("unexpected end of file while reading a safetensors header");
            }
        }
    }

    public Path file() {
        return file;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorInfo info(String name) throws SafetensorsException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new SafetensorsException(file + " has no tensor named '" + name + "'.");
        }
        return info;
    }

    /** The tensor's raw little-endian bytes, memory-mapped. */
    public ByteBuffer raw(String name) throws IOException {
        TensorInfo info = info(name);
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.end() - info.begin())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The tensor widened to float on the host (F32, F16, BF16 and F64 are accepted). */
    public float[] readFloats(String name) throws IOException {
        TensorInfo info = info(name);
        if (info.elements() > Integer.MAX_VALUE) {
            throw new SafetensorsException("tensor '" + name + "' has " + info.elements()
                    + " elements, more than a Java array holds; read it in slices with raw().");
        }
        ByteBuffer bytes = raw(name);
        int n = (int) info.elements();
        float[] out = new float[n];
        switch (info.dtype()) {
            case F32 -> bytes.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.f16ToFloat(bytes.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bf16ToFloat(bytes.getShort(2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) bytes.getDouble(8 * i);
                }
            }
            default -> throw new SafetensorsException("tensor '" + name + "' in " + file + " has dtype "
                    + info.dtype() + ", not a floating-point type.");
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
