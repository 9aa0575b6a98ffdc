package no.knutepunkt.platform.protocol;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import org.w3c.dom.ls.LSInput;

/** A schema document read from the classpath, handed to the schema compiler by the resolver. */
final class ClasspathInput implements LSInput {
    private final String publicId;
    private final String systemId;
    private final byte[] content;

    ClasspathInput(String publicId, String systemId, byte[] content) {
        this.publicId = publicId;
        this.systemId = systemId;
        this.content = content;
    }

    @Override
    public InputStream getByteStream() {
        return new ByteArrayInputStream(content);
    }

    @Override
    public String getSystemId() {
        return systemId;
    }

    @Override
    public String getPublicId() {
        return publicId;
    }

    @Override
    public Reader getCharacterStream() {
        return null;
    }

    @Override
    public String getStringData() {
        return null;
    }

    @Override
    public String getBaseURI() {
        return null;
    }

    @Override
    public String getEncoding() {
        return null;
    }

    @Override
    public boolean getCertifiedText() {
        return false;
    }

    @Override
    public void setCharacterStream(Reader characterStream) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setByteStream(InputStream byteStream) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setStringData(String stringData) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setSystemId(String systemId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setPublicId(String publicId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setBaseURI(String baseURI) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setEncoding(String encoding) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setCertifiedText(boolean certifiedText) {
        throw new UnsupportedOperationException();
    }
}
