package io.ddiffusion.worker.models.hub;

/** Offline mode is on and the file is not in the cache. */
public final class HubOfflineException extends HubException {

    public HubOfflineException(HubFile file, java.nio.file.Path cache) {
        super(file.path() + " of " + file.repo() + " at " + file.revision() + " is not in the Hugging Face cache "
                + cache + " and HF_HUB_OFFLINE is set, so it cannot be downloaded");
    }
}
