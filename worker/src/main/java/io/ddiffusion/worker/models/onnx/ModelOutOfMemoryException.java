package io.ddiffusion.worker.models.onnx;

/**
 * The device ran out of memory while loading or running a model. The task fails with this message; the residency
 * manager has dropped every idle session so the next task starts from a clean slate.
 */
public final class ModelOutOfMemoryException extends InferenceException {
    private static final long serialVersionUID = 1L;

    public ModelOutOfMemoryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether an ONNX Runtime error message reports an allocation failure (CPU arena or CUDA). */
    static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("out of memory") || lower.contains("failed to allocate memory")
                        || lower.contains("bad_alloc") || lower.contains("cudaerrormemoryallocation")) {
                    return true;
                }
            }
        }
        return false;
    }
}
