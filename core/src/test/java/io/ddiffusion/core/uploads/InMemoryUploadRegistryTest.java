package io.ddiffusion.core.uploads;

class InMemoryUploadRegistryTest extends UploadRegistryContract {
    @Override
    protected UploadRegistry createRegistry() {
        return new InMemoryUploadRegistry();
    }
}
